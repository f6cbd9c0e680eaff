/* ---- Words: a block's words as slices of its text, made into strings on demand ---- */
#include "fastscan.h"

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

static PyObject *words_where(Words *w, PyObject *args) {
    /* where(codes, ch) -> [word i for every i with codes[i] == ch]: a block's new words. */
    PyObject *codes, *ch_obj;
    Py_UCS4 ch;
    if (!PyArg_ParseTuple(args, "UU:where", &codes, &ch_obj) || fs_code_of(ch_obj, &ch) < 0)
        return NULL;
    if (PyUnicode_GET_LENGTH(codes) != w->n) {
        PyErr_SetString(PyExc_ValueError, "where(): one code per word");
        return NULL;
    }
    int kind = PyUnicode_KIND(codes);
    const void *data = PyUnicode_DATA(codes);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < w->n; i++) {
        if (PyUnicode_READ(kind, data, i) != ch)
            continue;
        PyObject *word = word_at(w, i);
        if (word == NULL || PyList_Append(out, word) < 0) {
            Py_XDECREF(word);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(word);
    }
    return out;
}

static PyMethodDef words_methods[] = {
    {"where", (PyCFunction)words_where, METH_VARARGS,
     "where(codes, ch) -> the words whose code is ch."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject fs_WordsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "ipp.verification._fastscan.Words",
    .tp_basicsize = sizeof(Words),
    .tp_dealloc = (destructor)words_dealloc,
    .tp_as_mapping = &words_mapping,
    .tp_as_sequence = &words_sequence,
    .tp_methods = words_methods,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A block's words (its text split at spaces), made into strings when indexed.",
};

int fs_words_ready(void) {
    if (PyType_Ready(&fs_WordsType) < 0)
        return -1;
    newline_word = PyUnicode_FromString("\n");
    return newline_word == NULL ? -1 : 0;
}
