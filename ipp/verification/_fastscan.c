/* The scan prefilter's per-word step in C: a block's text split at spaces, each word's code
 * character looked up, without a Python string per word.
 *
 * Prefilter.masks used to split a block (millions of words per scan) into a list of strings
 * and look each one up in a dict: two C-level passes, but each allocating and hashing a
 * string object per word, which took about a fifth of a whole scan. Here the words stay
 * slices of the block's text: CodeTable mirrors the prefilter's word -> code dict in an
 * open-addressing table keyed by the words' code points, and Words hands out a word as a
 * string only where Python asks for one (a few per cent of them).
 *
 * The Python fallback (prefilter_bulk) gives the same codes and words: the tests compare them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define EMPTY_SLOT UINT32_MAX

typedef struct {
    uint64_t hash;
    uint32_t off;   /* into the pool of code points; EMPTY_SLOT: a free slot */
    uint32_t len;
    Py_UCS4 code;
} Slot;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask;      /* capacity - 1, capacity a power of two */
    size_t used;
    Py_UCS4 *pool;    /* every stored word's code points, one after another */
    size_t pool_len, pool_cap;
} CodeTable;

static inline uint64_t mix(uint64_t h, Py_UCS4 cp) {
    /* FNV-1a over the code point, then a final avalanche in finish() */
    h ^= cp;
    return h * 0x100000001b3ULL;
}

static inline uint64_t finish(uint64_t h, size_t len) {
    h ^= len;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

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

static int code_of(PyObject *code, Py_UCS4 *out) {
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

static PyObject *table_update(CodeTable *t, PyObject *pairs) {
    /* update(iterable of (word, code character)), as dict.update */
    PyObject *it = PyObject_GetIter(pairs), *item;
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *word, *code;
        Py_UCS4 c;
        int bad = !PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2;
        if (bad) {
            PyErr_SetString(PyExc_TypeError, "update() takes (word, code) pairs");
        } else {
            word = PyTuple_GET_ITEM(item, 0);
            code = PyTuple_GET_ITEM(item, 1);
            if (!PyUnicode_Check(word)) {
                PyErr_SetString(PyExc_TypeError, "a word is a str");
                bad = 1;
            } else {
                bad = code_of(code, &c) < 0 || store(t, word, c) < 0;
            }
        }
        Py_DECREF(item);
        if (bad) {
            Py_DECREF(it);
            return NULL;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *table_clear(CodeTable *t, PyObject *unused) {
    for (size_t i = 0; i <= t->mask; i++)
        t->slots[i].off = EMPTY_SLOT;
    t->used = 0;
    t->pool_len = 0;
    Py_RETURN_NONE;
}

/* ---- Words: a block's words as slices of its text, made into strings on demand ---- */

typedef struct {
    PyObject_HEAD
    PyObject *text;
    Py_ssize_t n;        /* number of words */
    Py_ssize_t *starts;  /* n + 1 entries: word i is text[starts[i]:starts[i + 1] - 1] */
} Words;

static PyTypeObject WordsType;

static void words_dealloc(Words *w) {
    Py_XDECREF(w->text);
    PyMem_Free(w->starts);
    Py_TYPE(w)->tp_free((PyObject *)w);
}

static Py_ssize_t words_len(Words *w) { return w->n; }

static PyObject *newline_word = NULL;

static PyObject *word_at(Words *w, Py_ssize_t i) {
    return PyUnicode_Substring(w->text, w->starts[i], w->starts[i + 1] - 1);
}

static PyObject *words_subscript(Words *w, PyObject *key) {
    if (PyIndex_Check(key)) {
        Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        /* One past either end is a field break ("\n"): the words of a block as a list
         * with "\n" appended, which Prefilter._word_masks reads at q + 1 and at -1. */
        if (i == -1 || i == w->n) {
            Py_INCREF(newline_word);
            return newline_word;
        }
        if (i < 0 || i > w->n) {
            PyErr_SetString(PyExc_IndexError, "word index out of range");
            return NULL;
        }
        return word_at(w, i);
    }
    if (PySlice_Check(key)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(key, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t len = PySlice_AdjustIndices(w->n, &start, &stop, step);
        PyObject *out = PyList_New(len);
        if (out == NULL)
            return NULL;
        for (Py_ssize_t k = 0, i = start; k < len; k++, i += step) {
            PyObject *s = word_at(w, i);
            if (s == NULL) {
                Py_DECREF(out);
                return NULL;
            }
            PyList_SET_ITEM(out, k, s);
        }
        return out;
    }
    PyErr_SetString(PyExc_TypeError, "words are indexed by int or slice");
    return NULL;
}

static PyMappingMethods words_mapping = {
    .mp_length = (lenfunc)words_len,
    .mp_subscript = (binaryfunc)words_subscript,
};

static PyObject *words_getitem_seq(Words *w, Py_ssize_t i) {
    if (i < 0 || i >= w->n) {
        PyErr_SetString(PyExc_IndexError, "word index out of range");
        return NULL;
    }
    return word_at(w, i);
}

static PySequenceMethods words_sequence = {
    .sq_length = (lenfunc)words_len,
    .sq_item = (ssizeargfunc)words_getitem_seq,
};

static PyTypeObject WordsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ipp.verification._fastscan.Words",
    .tp_basicsize = sizeof(Words),
    .tp_dealloc = (destructor)words_dealloc,
    .tp_as_mapping = &words_mapping,
    .tp_as_sequence = &words_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A block's words (its text split at spaces), made into strings when indexed.",
};

/* The block's words and their codes, for text of one character width (CHAR): the loop is
 * written once per width so that reading a character is a plain load, not a switch. */
#define CODES_LOOP(NAME, CHAR)                                                            \
    static Py_ssize_t NAME(const CodeTable *t, const CHAR *text, Py_ssize_t len,          \
                           Py_UCS2 missing, Py_UCS2 *codes, Py_ssize_t *starts) {         \
        Py_ssize_t k = 0, a = 0;                                                          \
        for (;;) {                                                                        \
            uint64_t h = 0xcbf29ce484222325ULL;                                           \
            Py_ssize_t i = a;                                                             \
            while (i < len && text[i] != ' ')                                             \
                h = mix(h, text[i++]);                                                    \
            h = finish(h, (size_t)(i - a));                                               \
            size_t j = (size_t)h & t->mask;                                               \
            Py_UCS2 code = missing;                                                       \
            for (;;) {                                                                    \
                const Slot *s = &t->slots[j];                                             \
                if (s->off == EMPTY_SLOT)                                                 \
                    break;                                                                \
                if (s->hash == h && s->len == (uint32_t)(i - a)) {                        \
                    const Py_UCS4 *w = t->pool + s->off;                                  \
                    Py_ssize_t m = 0;                                                     \
                    while (m < i - a && w[m] == text[a + m])                              \
                        m++;                                                              \
                    if (m == i - a) {                                                     \
                        code = (Py_UCS2)s->code;                                          \
                        break;                                                            \
                    }                                                                     \
                }                                                                         \
                j = (j + 1) & t->mask;                                                    \
            }                                                                             \
            codes[k] = code;                                                              \
            starts[k++] = a;                                                              \
            if (i >= len)                                                                 \
                return k;                                                                 \
            a = i + 1;                                                                    \
        }                                                                                 \
    }

CODES_LOOP(codes_ucs1, Py_UCS1)
CODES_LOOP(codes_ucs2, Py_UCS2)
CODES_LOOP(codes_ucs4, Py_UCS4)

static Py_ssize_t count_spaces(int kind, const void *data, Py_ssize_t len) {
    Py_ssize_t n = 0;
    if (kind == PyUnicode_1BYTE_KIND) {
        const char *p = data, *end = p + len;
        while ((p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
            n++;
            p++;
        }
        return n;
    }
    for (Py_ssize_t i = 0; i < len; i++)
        n += PyUnicode_READ(kind, data, i) == ' ';
    return n;
}

static PyObject *table_codes(CodeTable *t, PyObject *args) {
    /* codes(text, missing) -> (code string, Words): a code per word of text.split(" "),
     * missing (a character) for a word not in the table. */
    PyObject *text, *missing_obj;
    Py_UCS4 missing;
    if (!PyArg_ParseTuple(args, "UU:codes", &text, &missing_obj) || code_of(missing_obj, &missing) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t n = count_spaces(kind, data, len) + 1;
    Py_ssize_t *starts = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    Py_UCS2 *codes = PyMem_Malloc(n * sizeof(Py_UCS2));
    if (starts == NULL || codes == NULL) {
        PyMem_Free(starts);
        PyMem_Free(codes);
        return PyErr_NoMemory();
    }
    if (kind == PyUnicode_1BYTE_KIND)
        codes_ucs1(t, data, len, (Py_UCS2)missing, codes, starts);
    else if (kind == PyUnicode_2BYTE_KIND)
        codes_ucs2(t, data, len, (Py_UCS2)missing, codes, starts);
    else
        codes_ucs4(t, data, len, (Py_UCS2)missing, codes, starts);
    starts[n] = len + 1;
    PyObject *code_str = PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, codes, n);
    PyMem_Free(codes);
    if (code_str == NULL) {
        PyMem_Free(starts);
        return NULL;
    }
    Words *words = PyObject_New(Words, &WordsType);
    if (words == NULL) {
        PyMem_Free(starts);
        Py_DECREF(code_str);
        return NULL;
    }
    Py_INCREF(text);
    words->text = text;
    words->n = n;
    words->starts = starts;
    return Py_BuildValue("(NN)", code_str, (PyObject *)words);
}

static PyObject *table_recode(CodeTable *t, PyObject *args) {
    /* recode(codes, words, missing) -> codes with each `missing` looked up again: after the
     * new words of a block were coded (and stored here), without a second pass over it. */
    PyObject *codes, *missing_obj;
    Words *words;
    Py_UCS4 missing;
    if (!PyArg_ParseTuple(args, "UO!U:recode", &codes, &WordsType, &words, &missing_obj) ||
        code_of(missing_obj, &missing) < 0)
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
    {"update", (PyCFunction)table_update, METH_O, "Store (word, code character) pairs."},
    {"clear", (PyCFunction)table_clear, METH_NOARGS, "Forget every word."},
    {"recode", (PyCFunction)table_recode, METH_VARARGS,
     "recode(codes, words, missing) -> codes with each missing one looked up again."},
    {"codes", (PyCFunction)table_codes, METH_VARARGS,
     "codes(text, missing) -> (one code character per word of text.split(' '), Words)."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods table_sequence = {.sq_length = (lenfunc)table_len};

static PyTypeObject CodeTableType = {
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

/* ---- listing_fields: the texts the prefilter reads, straight from JSON lines ----
 *
 * Decoding every listing into a dict (orjson) took about a tenth of a scan, yet only two of
 * its strings are read for the nine listings in ten that hold no hit. This reads those
 * strings out of each line and checks the rest of the line is JSON, without building it.
 * It is deliberately stricter than the decoders: at anything unusual (an escape in a key, a
 * key given twice, a surrogate, a number of many digits, invalid UTF-8, deep nesting, a blank
 * line) it gives up on the block, which then takes the decoders' way, whose answers (and error
 * messages) stay the reference. */

typedef struct {
    const unsigned char *p, *end;
} Cursor;

static void skip_ws(Cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

static int hexval(unsigned char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Length of a valid UTF-8 sequence (no overlong form, no surrogate, at most U+10FFFF) at p,
 * 0 if there is none. */
static int utf8_len(const unsigned char *p, const unsigned char *end) {
    unsigned char b = p[0];
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return end - p >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
        if (b == 0xE0 && p[1] < 0xA0) return 0;   /* overlong */
        if (b == 0xED && p[1] >= 0xA0) return 0;  /* a surrogate */
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        if (b == 0xF0 && p[1] < 0x90) return 0;   /* overlong */
        if (b == 0xF4 && p[1] >= 0x90) return 0;  /* beyond U+10FFFF */
        return 4;
    }
    return 0;
}

/* A string at c->p (on its opening quote); moves past it. 0: not one we accept. *escaped: it
 * holds a backslash. [*a, *b): the bytes between the quotes. */
static int scan_string(Cursor *c, const unsigned char **a, const unsigned char **b, int *escaped) {
    const unsigned char *p = c->p + 1, *end = c->end;
    *a = p;
    *escaped = 0;
    while (p < end) {
        unsigned char ch = *p;
        if (ch == '"') {
            *b = p;
            c->p = p + 1;
            return 1;
        }
        if (ch < 0x20)
            return 0;
        if (ch == '\\') {
            *escaped = 1;
            if (end - p < 2) return 0;
            unsigned char e = p[1];
            if (e == 'u') {
                if (end - p < 6) return 0;
                int v = 0;
                for (int k = 2; k < 6; k++) {
                    int h = hexval(p[k]);
                    if (h < 0) return 0;
                    v = v * 16 + h;
                }
                p += 6;
                if (v >= 0xD800 && v <= 0xDFFF) {
                    /* Only a high surrogate escaped right before a low one (a character
                     * beyond the BMP, as ensure_ascii writers give it): a lone one is
                     * read differently by different decoders. */
                    int lo = 0;
                    if (v >= 0xDC00 || end - p < 6 || p[0] != '\\' || p[1] != 'u') return 0;
                    for (int k = 2; k < 6; k++) {
                        int h = hexval(p[k]);
                        if (h < 0) return 0;
                        lo = lo * 16 + h;
                    }
                    if (lo < 0xDC00 || lo > 0xDFFF) return 0;
                    p += 6;
                }
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' ||
                       e == 'r' || e == 't') {
                p += 2;
            } else {
                return 0;
            }
            continue;
        }
        if (ch < 0x80) {
            p++;
            continue;
        }
        int n = utf8_len(p, end);
        if (n == 0) return 0;
        p += n;
    }
    return 0;
}

/* The value of a string the scanner accepted, as Python str. */
static PyObject *string_value(const unsigned char *a, const unsigned char *b, int escaped) {
    if (!escaped)
        return PyUnicode_DecodeUTF8((const char *)a, b - a, "strict");
    /* Escapes: decoded into UCS4 (surrogates only in pairs here: scan_string saw to it). */
    Py_UCS4 *buf = PyMem_Malloc(((b - a) ? (b - a) : 1) * sizeof(Py_UCS4));
    if (buf == NULL)
        return PyErr_NoMemory();
    Py_ssize_t n = 0;
    const unsigned char *p = a;
    while (p < b) {
        if (*p == '\\') {
            unsigned char e = p[1];
            if (e == 'u') {
                Py_UCS4 v = (Py_UCS4)(hexval(p[2]) << 12 | hexval(p[3]) << 8 | hexval(p[4]) << 4 |
                                      hexval(p[5]));
                p += 6;
                if (v >= 0xD800 && v <= 0xDBFF) {  /* scan_string saw its low half follow */
                    Py_UCS4 lo = (Py_UCS4)(hexval(p[2]) << 12 | hexval(p[3]) << 8 |
                                           hexval(p[4]) << 4 | hexval(p[5]));
                    v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
                buf[n++] = v;
                continue;
            }
            buf[n++] = e == 'b' ? '\b' : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' :
                       e == 't' ? '\t' : e;
            p += 2;
            continue;
        }
        int len = utf8_len(p, b);
        Py_UCS4 cp = len == 1 ? p[0] :
                     len == 2 ? (Py_UCS4)(p[0] & 0x1F) << 6 | (p[1] & 0x3F) :
                     len == 3 ? (Py_UCS4)(p[0] & 0x0F) << 12 | (Py_UCS4)(p[1] & 0x3F) << 6 | (p[2] & 0x3F) :
                     (Py_UCS4)(p[0] & 0x07) << 18 | (Py_UCS4)(p[1] & 0x3F) << 12 |
                     (Py_UCS4)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
        buf[n++] = cp;
        p += len;
    }
    PyObject *got = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    PyMem_Free(buf);
    return got;
}

enum { V_BAD, V_STRING, V_INT, V_OTHER, V_NULL };

static int skip_value(Cursor *c, int depth);

/* A number at c->p: JSON's grammar, and few enough digits for every decoder to agree.
 * V_INT, V_OTHER (with a fraction or exponent) or V_BAD. */
static int scan_number(Cursor *c) {
    const unsigned char *p = c->p, *end = c->end, *start = p;
    int is_int = 1;
    if (p < end && *p == '-') p++;
    if (p < end && *p == '0') {
        p++;
    } else if (p < end && *p >= '1' && *p <= '9') {
        while (p < end && *p >= '0' && *p <= '9') p++;
    } else {
        return V_BAD;
    }
    if (p < end && *p == '.') {
        is_int = 0;
        p++;
        if (!(p < end && *p >= '0' && *p <= '9')) return V_BAD;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        is_int = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (!(p < end && *p >= '0' && *p <= '9')) return V_BAD;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p - start > 15) return V_BAD;  /* big numbers: the decoders' business */
    c->p = p;
    return is_int ? V_INT : V_OTHER;
}

static int literal(Cursor *c, const char *word, size_t n) {
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) return 0;
    c->p += n;
    return 1;
}

static int skip_container(Cursor *c, int depth, int object) {
    if (depth > 64) return V_BAD;
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == (object ? '}' : ']')) {
        c->p++;
        return V_OTHER;
    }
    for (;;) {
        if (object) {
            const unsigned char *a, *b;
            int escaped;
            if (!(c->p < c->end && *c->p == '"') || !scan_string(c, &a, &b, &escaped)) return V_BAD;
            skip_ws(c);
            if (!(c->p < c->end && *c->p == ':')) return V_BAD;
            c->p++;
        }
        if (skip_value(c, depth + 1) == V_BAD) return V_BAD;
        skip_ws(c);
        if (c->p >= c->end) return V_BAD;
        if (*c->p == ',') {
            c->p++;
            skip_ws(c);
            continue;
        }
        if (*c->p == (object ? '}' : ']')) {
            c->p++;
            return V_OTHER;
        }
        return V_BAD;
    }
}

/* Any value at c->p (whitespace skipped first); its kind. */
static int skip_value(Cursor *c, int depth) {
    skip_ws(c);
    if (c->p >= c->end) return V_BAD;
    switch (*c->p) {
    case '"': {
        const unsigned char *a, *b;
        int escaped;
        return scan_string(c, &a, &b, &escaped) ? V_STRING : V_BAD;
    }
    case '{': return skip_container(c, depth, 1);
    case '[': return skip_container(c, depth, 0);
    case 't': return literal(c, "true", 4) ? V_OTHER : V_BAD;
    case 'f': return literal(c, "false", 5) ? V_OTHER : V_BAD;
    case 'n': return literal(c, "null", 4) ? V_NULL : V_BAD;
    default: return scan_number(c);
    }
}

#define MAX_FIELDS 8

/* One line: the texts of the named fields into out[0..nf) (new references; "" for a missing
 * or null one). 0: the line is not one this reader takes. */
static int line_fields(const unsigned char *p, Py_ssize_t len, PyObject **names_utf8, int nf,
                       PyObject **out) {
    Cursor c = {p, p + len};
    int seen_id = 0, seen[MAX_FIELDS] = {0};
    for (int k = 0; k < nf; k++) out[k] = NULL;
    skip_ws(&c);
    if (!(c.p < c.end && *c.p == '{')) return 0;
    c.p++;
    skip_ws(&c);
    if (c.p < c.end && *c.p == '}') {
        c.p++;
    } else {
        for (;;) {
            const unsigned char *ka, *kb;
            int kesc;
            if (!(c.p < c.end && *c.p == '"') || !scan_string(&c, &ka, &kb, &kesc) || kesc) goto bad;
            skip_ws(&c);
            if (!(c.p < c.end && *c.p == ':')) goto bad;
            c.p++;
            skip_ws(&c);
            Py_ssize_t klen = kb - ka;
            int field = -1;
            for (int k = 0; k < nf; k++)
                if (PyBytes_GET_SIZE(names_utf8[k]) == klen &&
                    memcmp(PyBytes_AS_STRING(names_utf8[k]), ka, klen) == 0)
                    field = k;
            if (klen == 2 && ka[0] == 'i' && ka[1] == 'd') {
                if (seen_id++) goto bad;
                int kind = skip_value(&c, 1);
                if (kind != V_STRING && kind != V_INT) goto bad;
            } else if (field >= 0) {
                if (seen[field]++) goto bad;
                if (c.p < c.end && *c.p == '"') {
                    const unsigned char *a, *b;
                    int escaped;
                    if (!scan_string(&c, &a, &b, &escaped)) goto bad;
                    out[field] = string_value(a, b, escaped);
                    if (out[field] == NULL) {
                        PyErr_Clear();
                        goto bad;
                    }
                } else if (skip_value(&c, 1) != V_NULL) {
                    goto bad;
                }
            } else if (skip_value(&c, 1) == V_BAD) {
                goto bad;
            }
            skip_ws(&c);
            if (c.p < c.end && *c.p == ',') {
                c.p++;
                skip_ws(&c);
                continue;
            }
            if (c.p < c.end && *c.p == '}') {
                c.p++;
                break;
            }
            goto bad;
        }
    }
    skip_ws(&c);
    if (c.p != c.end || !seen_id) goto bad;
    return 1;
bad:
    for (int k = 0; k < nf; k++) Py_CLEAR(out[k]);
    return 0;
}

static PyObject *empty_string = NULL;

static PyObject *listing_fields(PyObject *self, PyObject *args) {
    /* listing_fields(lines, names) -> [line 0's names..., line 1's names..., ...] as str
     * ("" for a missing or null field), or None when any line is not one taken here. */
    PyObject *lines, *names;
    if (!PyArg_ParseTuple(args, "O!O!:listing_fields", &PyList_Type, &lines, &PyTuple_Type, &names))
        return NULL;
    Py_ssize_t nf = PyTuple_GET_SIZE(names), n = PyList_GET_SIZE(lines);
    if (nf < 1 || nf > MAX_FIELDS) {
        PyErr_SetString(PyExc_ValueError, "listing_fields: 1 to 8 names");
        return NULL;
    }
    PyObject *names_utf8[MAX_FIELDS];
    for (Py_ssize_t k = 0; k < nf; k++) {
        PyObject *name = PyTuple_GET_ITEM(names, k);
        names_utf8[k] = PyUnicode_Check(name) ? PyUnicode_AsUTF8String(name) : NULL;
        if (names_utf8[k] == NULL) {
            for (Py_ssize_t j = 0; j < k; j++) Py_DECREF(names_utf8[j]);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "names are str");
            return NULL;
        }
    }
    PyObject *out = PyList_New(n * nf), *result = Py_None;
    if (out == NULL) {
        result = NULL;
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *line = PyList_GET_ITEM(lines, i), *got[MAX_FIELDS];
        if (!PyBytes_Check(line) ||
            !line_fields((const unsigned char *)PyBytes_AS_STRING(line), PyBytes_GET_SIZE(line),
                         names_utf8, (int)nf, got)) {
            Py_CLEAR(out);  /* (its unfilled items are NULL: list_dealloc skips them) */
            goto done;
        }
        for (Py_ssize_t k = 0; k < nf; k++) {
            if (got[k] == NULL) {
                Py_INCREF(empty_string);
                got[k] = empty_string;
            }
            PyList_SET_ITEM(out, i * nf + k, got[k]);
        }
    }
    result = out;
done:
    for (Py_ssize_t k = 0; k < nf; k++) Py_DECREF(names_utf8[k]);
    if (result == Py_None)
        Py_RETURN_NONE;
    return result;
}


/* ---- New plain words' bits, a block's at a time (prefilter_bulk.fill_codes) ----
 *
 * A listing's long tail (model numbers, names) brings new words in every block, and coding
 * them column by column (a list per bit) cost more than the rest of such a scan. */

static int contains(PyObject *set, PyObject *key) {
    return set == Py_None ? 0 : PySet_Contains(set, key);
}

static PyObject *plain_bits(PyObject *self, PyObject *args) {
    /* plain_bits(folded, classes, vocab, firsts, typo, (SHORT, MAYC, SF, SL, VOCAB, FIRST, TYPO))
     * -> [bits per word]: its size bits, SF (no letter before its last character), SL (none
     * after its first), and VOCAB / FIRST / TYPO when the folded word is in that set (None:
     * an empty one). As fill_codes' columns, HIT aside. */
    PyObject *folded, *classes, *vocab, *firsts, *typo;
    long short_, mayc, sf, sl, vbit, fbit, tbit;
    if (!PyArg_ParseTuple(args, "O!O!OOO(lllllll):plain_bits", &PyList_Type, &folded, &PyList_Type,
                          &classes, &vocab, &firsts, &typo, &short_, &mayc, &sf, &sl, &vbit, &fbit,
                          &tbit))
        return NULL;
    PyObject *sets[3] = {vocab, firsts, typo};
    for (int k = 0; k < 3; k++)
        if (sets[k] != Py_None && !PyAnySet_Check(sets[k])) {
            PyErr_SetString(PyExc_TypeError, "plain_bits: sets or None");
            return NULL;
        }
    Py_ssize_t n = PyList_GET_SIZE(folded);
    if (PyList_GET_SIZE(classes) != n) {
        PyErr_SetString(PyExc_ValueError, "plain_bits: one class string per word");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(folded, i), *c = PyList_GET_ITEM(classes, i);
        if (!PyUnicode_Check(w) || !PyUnicode_Check(c)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_TypeError, "plain_bits: words and classes are str");
            return NULL;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(w), clen = PyUnicode_GET_LENGTH(c);
        int ckind = PyUnicode_KIND(c);
        const void *cdata = PyUnicode_DATA(c);
        long bits = len == 1 ? short_ | mayc : (len == 2 || len == 3) ? short_ : 0;
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
            if (in[k] < 0) {
                Py_DECREF(out);
                return NULL;
            }
        }
        bits |= (in[0] ? vbit : 0) | (in[1] ? fbit : 0) | (in[2] ? tbit : 0);
        PyObject *v = PyLong_FromLong(bits);
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
static uint32_t crc32_more(uint32_t crc, const unsigned char *p, Py_ssize_t n) {
    crc = ~crc;
    while (n-- > 0)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

typedef struct {
    PyObject_HEAD
    uint64_t *slots;   /* open addressing: a hash h is stored as h + 1 (0: a free slot) */
    size_t mask;
    unsigned char lengths[256];  /* key lengths present (longer keys are never typo keys) */
} PieceSet;

static inline size_t piece_slot(uint32_t h, size_t mask) {
    return (size_t)((h * 0x9E3779B1U) ^ (h >> 16)) & mask;
}

static int pieceset_has(const PieceSet *ps, uint32_t h) {
    size_t i = piece_slot(h, ps->mask);
    uint64_t want = (uint64_t)h + 1;
    for (;;) {
        uint64_t v = ps->slots[i];
        if (v == 0) return 0;
        if (v == want) return 1;
        i = (i + 1) & ps->mask;
    }
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
        for (Py_ssize_t n = m - 1; n <= m + 1 && !hit; n++) {
            if (n < 0 || n >= 256 || !ps->lengths[n])
                continue;
            Py_ssize_t t = n / 3, a = n - 1 - t;
            /* Python's slices of s: s[:a], s[m - a:], s[:t] + s[m - t:] (clamped alike) */
            Py_ssize_t a0 = a < 0 ? 0 : a > m ? m : a;
            Py_ssize_t b0 = m - a < 0 ? 0 : m - a;
            Py_ssize_t t0 = t > m ? m : t;
            uint32_t seed = (uint32_t)(n << 2);
            uint32_t h0 = crc32_more(seed | 0, s, a0);
            uint32_t h1 = crc32_more(seed | 1, s + b0, m - b0);
            uint32_t h2 = crc32_more(crc32_more(seed | 2, s, t0), s + (m - t0), t0);
            hit = pieceset_has(ps, h0) || pieceset_has(ps, h1) || pieceset_has(ps, h2);
        }
        if (hit && PyList_Append(out, w) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyMethodDef pieceset_methods[] = {
    {"maybe", (PyCFunction)pieceset_maybe, METH_O,
     "maybe(words) -> those of the ASCII words with a piece in the set."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PieceSetType = {
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

static PyMethodDef module_methods[] = {
    {"plain_bits", plain_bits, METH_VARARGS,
     "plain_bits(folded, classes, vocab, firsts, typo, bit values) -> bits per word."},
    {"listing_fields", listing_fields, METH_VARARGS,
     "listing_fields(lines, names) -> the named string fields of every JSON line, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastscan",
    "The scan's per-line and per-word steps in C (see scan_block and prefilter_bulk).", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__fastscan(void) {
    if (PyType_Ready(&CodeTableType) < 0 || PyType_Ready(&WordsType) < 0 ||
        PyType_Ready(&PieceSetType) < 0)
        return NULL;
    crc_init();
    newline_word = PyUnicode_FromString("\n");
    empty_string = PyUnicode_FromString("");
    if (newline_word == NULL || empty_string == NULL)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&CodeTableType);
    if (PyModule_AddObject(m, "CodeTable", (PyObject *)&CodeTableType) < 0) {
        Py_DECREF(&CodeTableType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&PieceSetType);
    if (PyModule_AddObject(m, "PieceSet", (PyObject *)&PieceSetType) < 0) {
        Py_DECREF(&PieceSetType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&WordsType);
    if (PyModule_AddObject(m, "Words", (PyObject *)&WordsType) < 0) {
        Py_DECREF(&WordsType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
