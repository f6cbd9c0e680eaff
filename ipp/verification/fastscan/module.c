/* The module ipp.verification._fastscan: its functions and types (the other files of
 * fastscan/ hold them), put together by PyInit__fastscan.
 *
 * The scan prefilter's per-word step in C: a block's text split at spaces, each word's code
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
#include "fastscan.h"

static PyMethodDef module_methods[] = {
    {"plain_codes", fs_plain_codes, METH_VARARGS,
     "plain_codes(folded, classes, hits, vocab, firsts, typo, bit values, base) -> a code per word."},
    {"listing_fields", fs_listing_fields, METH_VARARGS,
     "listing_fields(lines, names) -> the named string fields of every JSON line, or None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastscan",
    "The scan's per-line and per-word steps in C (see scan_block and prefilter_bulk).", -1,
    module_methods,
};

static int add_type(PyObject *m, const char *name, PyTypeObject *type) {
    Py_INCREF(type);
    if (PyModule_AddObject(m, name, (PyObject *)type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit__fastscan(void) {
    if (fs_codes_ready() < 0 || fs_words_ready() < 0 || fs_bits_ready() < 0 ||
        fs_listing_ready() < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (add_type(m, "CodeTable", &fs_CodeTableType) < 0 ||
        add_type(m, "PieceSet", &fs_PieceSetType) < 0 || add_type(m, "Words", &fs_WordsType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
