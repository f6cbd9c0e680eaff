/* CodeTable.codes(): a block's text split at spaces, each word's code looked up in one pass,
 * the words kept as slices of the text (Words). */
#include "fastscan.h"

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

PyObject *fs_table_codes(CodeTable *t, PyObject *args) {
    /* codes(text, missing) -> (code string, Words): a code per word of text.split(" "),
     * missing (a character) for a word not in the table. */
    PyObject *text, *missing_obj;
    Py_UCS4 missing;
    if (!PyArg_ParseTuple(args, "UU:codes", &text, &missing_obj) || fs_code_of(missing_obj, &missing) < 0)
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
    Words *words = PyObject_New(Words, &fs_WordsType);
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
