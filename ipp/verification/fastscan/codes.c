/* CodeTable: the prefilter's word -> code dict as an open-addressing table keyed by the words'
 * code points (hashing, slots, update/clear, recode(); codes() is in codes_scan.c). */
#include "fastscan.h"

static uint64_t hash_span(int kind, const void *data, Py_ssize_t a, Py_ssize_t b) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = a; i < b; i++)
        h = mix(h, PyUnicode_READ(kind, data, i));
    return finish(h, (size_t)(b - a));
}

static int same(const CodeTable *t, const Slot *s, int kind, const void *data,
                Py_ssize_t a, Py_ssize_t b) {
    if (s->len != (uint32_t)(b - a))
        return 0;
    const Py_UCS4 *w = t->pool + s->off;
    for (Py_ssize_t i = a; i < b; i++)
        if (w[i - a] != PyUnicode_READ(kind, data, i))
            return 0;
    return 1;
}

/* The slot holding this word, or the free slot where it would go. */
static Slot *probe(const CodeTable *t, uint64_t h, int kind, const void *data,
                   Py_ssize_t a, Py_ssize_t b) {
    size_t i = (size_t)h & t->mask;
    for (;;) {
        Slot *s = &t->slots[i];
        if (s->off == EMPTY_SLOT || (s->hash == h && same(t, s, kind, data, a, b)))
            return s;
        i = (i + 1) & t->mask;
    }
}

static int alloc_slots(CodeTable *t, size_t capacity) {
    Slot *slots = PyMem_Malloc(capacity * sizeof(Slot));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < capacity; i++)
        slots[i].off = EMPTY_SLOT;
    t->slots = slots;
    t->mask = capacity - 1;
    return 0;
}

static int grow(CodeTable *t) {
    Slot *old = t->slots;
    size_t old_cap = t->mask + 1;
    if (alloc_slots(t, old_cap * 2) < 0)
        return -1;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].off == EMPTY_SLOT)
            continue;
        size_t j = (size_t)old[i].hash & t->mask;
        while (t->slots[j].off != EMPTY_SLOT)
            j = (j + 1) & t->mask;
        t->slots[j] = old[i];
    }
    PyMem_Free(old);
    return 0;
}

static int store(CodeTable *t, PyObject *word, Py_UCS4 code) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    uint64_t h = hash_span(kind, data, 0, n);
    Slot *s = probe(t, h, kind, data, 0, n);
    if (s->off != EMPTY_SLOT) {
        s->code = code;
        return 0;
    }
    if (t->pool_len + (size_t)n > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 1024;
        while (cap < t->pool_len + (size_t)n)
            cap *= 2;
        if (cap > UINT32_MAX) {
            PyErr_SetString(PyExc_MemoryError, "CodeTable: too many characters");
            return -1;
        }
        Py_UCS4 *pool = PyMem_Realloc(t->pool, cap * sizeof(Py_UCS4));
        if (pool == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        t->pool = pool;
        t->pool_cap = cap;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        t->pool[t->pool_len + i] = PyUnicode_READ(kind, data, i);
    s->hash = h;
    s->off = (uint32_t)t->pool_len;
    s->len = (uint32_t)n;
    s->code = code;
    t->pool_len += n;
    t->used++;
    if (2 * t->used > t->mask + 1)
        return grow(t);
    return 0;
}

static int table_init(CodeTable *t, PyObject *args, PyObject *kwds) {
    if (!PyArg_ParseTuple(args, ":CodeTable"))
        return -1;
    PyMem_Free(t->slots);
    PyMem_Free(t->pool);
    t->slots = NULL;
    t->pool = NULL;
    t->used = t->pool_len = t->pool_cap = 0;
    return alloc_slots(t, 1024);
}

static void table_dealloc(CodeTable *t) {
    PyMem_Free(t->slots);
    PyMem_Free(t->pool);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static Py_ssize_t table_len(CodeTable *t) { return (Py_ssize_t)t->used; }

int fs_code_of(PyObject *code, Py_UCS4 *out) {
    if (!PyUnicode_Check(code) || PyUnicode_GET_LENGTH(code) != 1) {
        PyErr_SetString(PyExc_TypeError, "a code is one character");
        return -1;
    }
    *out = PyUnicode_READ_CHAR(code, 0);
    if (*out > 0xFFFF) {
        PyErr_SetString(PyExc_ValueError, "a code is below U+10000");
        return -1;
    }
    return 0;
}

static PyObject *table_update(CodeTable *t, PyObject *args) {
    /* update(words, codes): store codes[i] for words[i], as dict.update(zip(words, codes)) */
    PyObject *words, *codes;
    if (!PyArg_ParseTuple(args, "O!O!:update", &PyList_Type, &words, &PyList_Type, &codes))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words);
    if (PyList_GET_SIZE(codes) != n) {
        PyErr_SetString(PyExc_ValueError, "update(): one code per word");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        Py_UCS4 c;
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "a word is a str");
            return NULL;
        }
        if (fs_code_of(PyList_GET_ITEM(codes, i), &c) < 0 || store(t, word, c) < 0)
            return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *table_clear(CodeTable *t, PyObject *unused) {
    for (size_t i = 0; i <= t->mask; i++)
        t->slots[i].off = EMPTY_SLOT;
    t->used = 0;
    t->pool_len = 0;
    Py_RETURN_NONE;
}

static PyObject *table_recode(CodeTable *t, PyObject *args) {
    /* recode(codes, words, missing) -> codes with each `missing` looked up again: after the
     * new words of a block were coded (and stored here), without a second pass over it. */
    PyObject *codes, *missing_obj;
    Words *words;
    Py_UCS4 missing;
    if (!PyArg_ParseTuple(args, "UO!U:recode", &codes, &fs_WordsType, &words, &missing_obj) ||
        fs_code_of(missing_obj, &missing) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(codes);
    if (n != words->n) {
        PyErr_SetString(PyExc_ValueError, "recode: one code per word");
        return NULL;
    }
    Py_UCS2 *out = PyMem_Malloc((n ? n : 1) * sizeof(Py_UCS2));
    if (out == NULL)
        return PyErr_NoMemory();
    int ckind = PyUnicode_KIND(codes), kind = PyUnicode_KIND(words->text);
    const void *cdata = PyUnicode_DATA(codes), *data = PyUnicode_DATA(words->text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(ckind, cdata, i);
        if (c == missing) {
            Py_ssize_t a = words->starts[i], b = words->starts[i + 1] - 1;
            const Slot *s = probe(t, hash_span(kind, data, a, b), kind, data, a, b);
            if (s->off != EMPTY_SLOT)
                c = s->code;
        }
        out[i] = (Py_UCS2)c;
    }
    PyObject *got = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, out, n);
    PyMem_Free(out);
    return got;
}

static PyMethodDef table_methods[] = {
    {"update", (PyCFunction)table_update, METH_VARARGS,
     "update(words, codes): store each word's code character."},
    {"clear", (PyCFunction)table_clear, METH_NOARGS, "Forget every word."},
    {"recode", (PyCFunction)table_recode, METH_VARARGS,
     "recode(codes, words, missing) -> codes with each missing one looked up again."},
    {"codes", (PyCFunction)fs_table_codes, METH_VARARGS,
     "codes(text, missing) -> (one code character per word of text.split(' '), Words)."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods table_sequence = {.sq_length = (lenfunc)table_len};

PyTypeObject fs_CodeTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ipp.verification._fastscan.CodeTable",
    .tp_basicsize = sizeof(CodeTable),
    .tp_dealloc = (destructor)table_dealloc,
    .tp_as_sequence = &table_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "word -> code character, looked up for every word of a text at once.",
    .tp_methods = table_methods,
    .tp_init = (initproc)table_init,
    .tp_new = PyType_GenericNew,
};

int fs_codes_ready(void) { return PyType_Ready(&fs_CodeTableType); }
