/* PieceSet.window: TypoIndex._window for an ASCII window, the whole lookup in C.
 *
 * A listing's long tail makes new windows of words next to the words of multi-word marks;
 * most of them share a piece with some key (their first word is a mark's), so each was
 * hashed, looked up in the sorted array and its candidates compared by one_edit in Python. */
#include "fastscan.h"

#define POS_BITS 31
#define POS_MASK ((1LL << POS_BITS) - 1)

/* typos.one_edit(a, b): one insertion, deletion, substitution or swap apart. */
static int one_edit(int ak, const void *a, Py_ssize_t na, int bk, const void *b, Py_ssize_t nb) {
    if (na == nb) {
        Py_ssize_t i = 0;
        while (i < na && PyUnicode_READ(ak, a, i) == PyUnicode_READ(bk, b, i)) i++;
        if (i == na) return 0;
        Py_ssize_t j = i + 1;
        while (j < na && PyUnicode_READ(ak, a, j) == PyUnicode_READ(bk, b, j)) j++;
        if (j == na) return 1;  /* one substitution */
        if (i + 1 >= na || PyUnicode_READ(ak, a, i) != PyUnicode_READ(bk, b, i + 1) ||
            PyUnicode_READ(ak, a, i + 1) != PyUnicode_READ(bk, b, i))
            return 0;
        for (j = i + 2; j < na; j++)  /* a swap: the rest equal */
            if (PyUnicode_READ(ak, a, j) != PyUnicode_READ(bk, b, j)) return 0;
        return 1;
    }
    if (na == nb + 1) {  /* a deletion from a is an insertion into b: a the shorter one */
        int tk = ak; ak = bk; bk = tk;
        const void *t = a; a = b; b = t;
        na = nb;
    } else if (na + 1 != nb) {
        return 0;
    }
    Py_ssize_t i = 0;
    while (i < na && PyUnicode_READ(ak, a, i) == PyUnicode_READ(bk, b, i)) i++;
    for (; i < na; i++)  /* b is a with one letter inserted at the first difference */
        if (PyUnicode_READ(ak, a, i) != PyUnicode_READ(bk, b, i + 1)) return 0;
    return 1;
}

static int cmp_ssize(const void *x, const void *y) {
    Py_ssize_t a = *(const Py_ssize_t *)x, b = *(const Py_ssize_t *)y;
    return (a > b) - (a < b);
}

static int cmp_long(const void *x, const void *y) {
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* A buffer of 8-byte integers (array "q", or "l" where long is 8 bytes), or of bytes. */
static int int_buffer(PyObject *obj, Py_buffer *view, Py_ssize_t itemsize) {
    if (PyObject_GetBuffer(obj, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    int ok = view->itemsize == itemsize &&
             (itemsize == 1 ? (f[0] == 'B' || f[0] == 'b' || f[0] == 'c')
                            : (f[0] == 'q' || f[0] == 'l' || f[0] == 'Q' || f[0] == 'L'));
    if (!ok) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_TypeError, "window(): arrays of 8-byte integers and bytes");
        return -1;
    }
    return 0;
}

PyObject *fs_pieceset_window(PieceSet *ps, PyObject *args) {
    /* window(s, k, arr, keys, tids, nwords): the sorted term ids of the keys one edit from the
     * ASCII window s of k words (TypoIndex._window after its vocabulary test), read from
     * TypoIndex's sorted array, keys, term ids and word counts. */
    PyObject *s_obj, *arr_obj, *keys, *tids_obj, *nwords_obj, *out = NULL;
    Py_ssize_t k;
    Py_buffer arr = {0}, tids = {0}, nwords = {0};
    Py_ssize_t *found = NULL;
    long long *ids = NULL;
    if (!PyArg_ParseTuple(args, "UnOO!OO:window", &s_obj, &k, &arr_obj, &PyList_Type, &keys,
                          &tids_obj, &nwords_obj))
        return NULL;
    if (!PyUnicode_IS_ASCII(s_obj)) {
        PyErr_SetString(PyExc_ValueError, "window(): an ASCII window");
        return NULL;
    }
    if (int_buffer(arr_obj, &arr, 8) < 0) return NULL;
    if (int_buffer(tids_obj, &tids, 8) < 0) goto done;
    if (int_buffer(nwords_obj, &nwords, 1) < 0) goto done;
    const unsigned char *s = PyUnicode_1BYTE_DATA(s_obj);
    Py_ssize_t m = PyUnicode_GET_LENGTH(s_obj), size = arr.len / 8, nfound = 0, cap = 16;
    Py_ssize_t nkeys = PyList_GET_SIZE(keys);
    const long long *entries = arr.buf;
    found = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    if (found == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t n = m - 1; n <= m + 1; n++) {
        uint32_t hs[3];
        if (!fs_piece_hashes(ps, s, m, n, hs)) continue;
        for (int kind = 0; kind < 3; kind++) {
            if (!fs_pieceset_has(ps, hs[kind])) continue;
            long long want = (long long)hs[kind] << POS_BITS;
            Py_ssize_t lo = 0, hi = size;  /* bisect_left */
            while (lo < hi) {
                Py_ssize_t mid = (lo + hi) / 2;
                if (entries[mid] < want) lo = mid + 1; else hi = mid;
            }
            for (; lo < size && (entries[lo] >> POS_BITS) == (long long)hs[kind]; lo++) {
                if (nfound == cap) {
                    Py_ssize_t *more = PyMem_Realloc(found, 2 * cap * sizeof(Py_ssize_t));
                    if (more == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    found = more;
                    cap *= 2;
                }
                found[nfound++] = (Py_ssize_t)(entries[lo] & POS_MASK);
            }
        }
    }
    qsort(found, nfound, sizeof(Py_ssize_t), cmp_ssize);  /* then each position once */
    ids = PyMem_Malloc((nfound ? nfound : 1) * sizeof(long long));
    if (ids == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t nids = 0;
    const long long *tid_of = tids.buf;
    const unsigned char *words_of = nwords.buf;
    for (Py_ssize_t i = 0; i < nfound; i++) {
        Py_ssize_t p = found[i];
        if (i > 0 && p == found[i - 1]) continue;
        if (p >= nkeys || p >= tids.len / 8 || p >= nwords.len) {
            PyErr_SetString(PyExc_IndexError, "window(): a position beyond the keys");
            goto done;
        }
        PyObject *key = PyList_GET_ITEM(keys, p);
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0) continue;
        if (k != 1 && words_of[p] != k) continue;
        int kk = PyUnicode_KIND(key);
        const void *kd = PyUnicode_DATA(key);
        if (PyUnicode_READ(kk, kd, 0) != s[0]) continue;
        if (one_edit(PyUnicode_1BYTE_KIND, s, m, kk, kd, PyUnicode_GET_LENGTH(key)))
            ids[nids++] = tid_of[p];
    }
    qsort(ids, nids, sizeof(long long), cmp_long);
    out = PyTuple_New(nids);
    if (out == NULL) goto done;
    for (Py_ssize_t i = 0; i < nids; i++) {
        PyObject *v = PyLong_FromLongLong(ids[i]);
        if (v == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyTuple_SET_ITEM(out, i, v);
    }
done:
    PyMem_Free(found);
    PyMem_Free(ids);
    if (arr.obj) PyBuffer_Release(&arr);
    if (tids.obj) PyBuffer_Release(&tids);
    if (nwords.obj) PyBuffer_Release(&nwords);
    return out;
}
