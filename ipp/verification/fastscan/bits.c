/* plain_codes (a block's new plain words coded at once) and PieceSet (TypoIndex's piece
 * hashes, with the crc32 table they are made with). */
#include "fastscan.h"

/* ---- New plain words' bits, a block's at a time (prefilter_bulk.fill_codes) ----
 *
 * A listing's long tail (model numbers, names) brings new words in every block, and coding
 * them column by column (a list per bit) cost more than the rest of such a scan. */

static int contains(PyObject *set, PyObject *key) {
    return set == Py_None ? 0 : PySet_Contains(set, key);
}

/* FIRST for a word led by digits: one of its tails after them (w[j:], j up to the digits'
 * count and short of its end) starts a multi-word key. As _first_forms for letters and
 * digits (the tail w[0:], the word itself, is tested by the caller). */
static int first_after_digits(PyObject *w, Py_ssize_t len, int ckind, const void *cdata,
                              Py_ssize_t clen, PyObject *firsts) {
    Py_ssize_t lead = 0;
    while (lead < clen && PyUnicode_READ(ckind, cdata, lead) == 'D') lead++;
    for (Py_ssize_t j = 1; j <= lead && j <= len - 1; j++) {
        PyObject *tail = PyUnicode_Substring(w, j, len);
        if (tail == NULL) return -1;
        int in = PySet_Contains(firsts, tail);
        Py_DECREF(tail);
        if (in != 0) return in;
    }
    return 0;
}

PyObject *fs_plain_codes(PyObject *self, PyObject *args) {
    /* plain_codes(folded, classes, hits, vocab, firsts, typo,
     *             (SHORT, MAYC, SF, SL, VOCAB, FIRST, TYPO), base)
     * -> [code character per word]: chr(base + bits), the bits being its hit bits (hits[i]),
     * its size bits, SF (no letter before its last character), SL (none after its first),
     * VOCAB / FIRST / TYPO when the folded word is in that set (None: an empty one), and FIRST
     * also when a tail after its leading digits is in firsts. As fill_codes' Python columns. */
    PyObject *folded, *classes, *hits, *vocab, *firsts, *typo;
    long short_, mayc, sf, sl, vbit, fbit, tbit, base;
    if (!PyArg_ParseTuple(args, "O!O!O!OOO(lllllll)l:plain_codes", &PyList_Type, &folded,
                          &PyList_Type, &classes, &PyList_Type, &hits, &vocab, &firsts, &typo,
                          &short_, &mayc, &sf, &sl, &vbit, &fbit, &tbit, &base))
        return NULL;
    PyObject *sets[3] = {vocab, firsts, typo};
    for (int k = 0; k < 3; k++)
        if (sets[k] != Py_None && !PyAnySet_Check(sets[k])) {
            PyErr_SetString(PyExc_TypeError, "plain_codes: sets or None");
            return NULL;
        }
    Py_ssize_t n = PyList_GET_SIZE(folded);
    if (PyList_GET_SIZE(classes) != n || PyList_GET_SIZE(hits) != n) {
        PyErr_SetString(PyExc_ValueError, "plain_codes: one class string and hit per word");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(folded, i), *c = PyList_GET_ITEM(classes, i);
        long hit = PyLong_AsLong(PyList_GET_ITEM(hits, i));
        if (!PyUnicode_Check(w) || !PyUnicode_Check(c) || (hit == -1 && PyErr_Occurred())) {
            Py_DECREF(out);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "plain_codes: words and classes are str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(w), clen = PyUnicode_GET_LENGTH(c);
        int ckind = PyUnicode_KIND(c);
        const void *cdata = PyUnicode_DATA(c);
        long bits = hit | (len == 1 ? short_ | mayc : (len == 2 || len == 3) ? short_ : 0);
        Py_ssize_t first = -1, last = -1;
        for (Py_ssize_t j = 0; j < clen; j++)
            if (PyUnicode_READ(ckind, cdata, j) == 'L') {
                if (first < 0) first = j;
                last = j;
            }
        if (first == -1 || first == len - 1) bits |= sf;
        if (last <= 0) bits |= sl;
        int in[3];
        for (int k = 0; k < 3; k++) {
            in[k] = contains(sets[k], w);
            if (in[k] == 0 && k == 1 && firsts != Py_None && clen > 0 &&
                PyUnicode_READ(ckind, cdata, 0) == 'D')
                in[k] = first_after_digits(w, len, ckind, cdata, clen, firsts);
            if (in[k] < 0) {
                Py_DECREF(out);
                return NULL;
            }
        }
        bits |= (in[0] ? vbit : 0) | (in[1] ? fbit : 0) | (in[2] ? tbit : 0);
        PyObject *v = PyUnicode_FromOrdinal((int)(base + bits));
        if (v == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, v);
    }
    return out;
}

/* ---- PieceSet: TypoIndex's piece hashes, for telling many words apart at once ---- */

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

/* zlib.crc32(data, crc): the same polynomial and the same way of continuing from crc. */
uint32_t fs_crc32_more(uint32_t crc, const unsigned char *p, Py_ssize_t n) {
    crc = ~crc;
    while (n-- > 0)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static inline size_t piece_slot(uint32_t h, size_t mask) {
    return (size_t)((h * 0x9E3779B1U) ^ (h >> 16)) & mask;
}

int fs_pieceset_has(const PieceSet *ps, uint32_t h) {
    size_t i = piece_slot(h, ps->mask);
    uint64_t want = (uint64_t)h + 1;
    for (;;) {
        uint64_t v = ps->slots[i];
        if (v == 0) return 0;
        if (v == want) return 1;
        i = (i + 1) & ps->mask;
    }
}

/* The hashes of typos._pieces(s, n) (s[:a], s[m - a:], s[:t] + s[m - t:], Python's slices
 * clamped alike) for a word s of m ASCII characters and a key length n one edit away; 0 when
 * no key has that length. */
int fs_piece_hashes(const PieceSet *ps, const unsigned char *s, Py_ssize_t m, Py_ssize_t n,
                    uint32_t hs[3]) {
    if (n < 1 || n >= 256 || !ps->lengths[n])
        return 0;
    Py_ssize_t t = n / 3, a = n - 1 - t;
    Py_ssize_t a0 = a < 0 ? 0 : a > m ? m : a, b0 = m - a < 0 ? 0 : m - a, t0 = t > m ? m : t;
    uint32_t seed = (uint32_t)(n << 2);
    hs[0] = fs_crc32_more(seed | 0, s, a0);
    hs[1] = fs_crc32_more(seed | 1, s + b0, m - b0);
    hs[2] = fs_crc32_more(fs_crc32_more(seed | 2, s, t0), s + (m - t0), t0);
    return 1;
}

static int pieceset_init(PieceSet *ps, PyObject *args, PyObject *kwds) {
    /* PieceSet(hashes, lengths): the piece hashes (ints below 2**32) and the key lengths. */
    PyObject *hashes, *lengths;
    if (!PyArg_ParseTuple(args, "OO:PieceSet", &hashes, &lengths))
        return -1;
    Py_ssize_t n = PyObject_Length(hashes);
    if (n < 0)
        return -1;
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 1)
        cap *= 2;
    PyMem_Free(ps->slots);
    ps->slots = PyMem_Calloc(cap, sizeof(uint64_t));
    if (ps->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    ps->mask = cap - 1;
    memset(ps->lengths, 0, sizeof ps->lengths);
    PyObject *it = PyObject_GetIter(hashes), *item;
    if (it == NULL)
        return -1;
    while ((item = PyIter_Next(it)) != NULL) {
        unsigned long long h = PyLong_AsUnsignedLongLong(item);
        Py_DECREF(item);
        if (PyErr_Occurred() || h > 0xFFFFFFFFULL) {
            Py_DECREF(it);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a piece hash is 32 bits");
            return -1;
        }
        size_t i = piece_slot((uint32_t)h, ps->mask);
        while (ps->slots[i] != 0 && ps->slots[i] != h + 1)
            i = (i + 1) & ps->mask;
        ps->slots[i] = h + 1;
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return -1;
    it = PyObject_GetIter(lengths);
    if (it == NULL)
        return -1;
    while ((item = PyIter_Next(it)) != NULL) {
        long v = PyLong_AsLong(item);
        Py_DECREF(item);
        if (v == -1 && PyErr_Occurred()) {
            Py_DECREF(it);
            return -1;
        }
        if (v >= 0 && v < 256) ps->lengths[v] = 1;
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

static void pieceset_dealloc(PieceSet *ps) {
    PyMem_Free(ps->slots);
    Py_TYPE(ps)->tp_free((PyObject *)ps);
}

static PyObject *pieceset_maybe(PieceSet *ps, PyObject *words) {
    /* maybe(words) -> the ASCII words with a piece (typos._pieces, for a key length one edit
     * away) whose hash is in the set: TypoIndex.maybe_one_word. */
    if (!PyList_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "maybe() takes a list of str");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(words);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(w) || !PyUnicode_IS_ASCII(w)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_ValueError, "maybe() takes ASCII words");
            return NULL;
        }
        const unsigned char *s = PyUnicode_1BYTE_DATA(w);
        Py_ssize_t m = PyUnicode_GET_LENGTH(w);
        int hit = 0;
        uint32_t hs[3];
        for (Py_ssize_t n = m - 1; n <= m + 1 && !hit; n++)
            if (fs_piece_hashes(ps, s, m, n, hs))
                hit = fs_pieceset_has(ps, hs[0]) || fs_pieceset_has(ps, hs[1]) ||
                      fs_pieceset_has(ps, hs[2]);
        if (hit && PyList_Append(out, w) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyMethodDef pieceset_methods[] = {
    {"window", (PyCFunction)fs_pieceset_window, METH_VARARGS,
     "window(s, k, arr, keys, tids, nwords) -> TypoIndex._window for an ASCII window s."},
    {"maybe", (PyCFunction)pieceset_maybe, METH_O,
     "maybe(words) -> those of the ASCII words with a piece in the set."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject fs_PieceSetType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ipp.verification._fastscan.PieceSet",
    .tp_basicsize = sizeof(PieceSet),
    .tp_dealloc = (destructor)pieceset_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "TypoIndex's piece hashes: which words may be one edit from a long mark.",
    .tp_methods = pieceset_methods,
    .tp_init = (initproc)pieceset_init,
    .tp_new = PyType_GenericNew,
};

int fs_bits_ready(void) {
    crc_init();
    return PyType_Ready(&fs_PieceSetType);
}
