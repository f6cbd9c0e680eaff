/* ---- listing_fields: the texts the prefilter reads, straight from JSON lines ----
 *
 * Decoding every listing into a dict (orjson) took about a tenth of a scan, yet only two of
 * its strings are read for the nine listings in ten that hold no hit. This reads those
 * strings out of each line and checks the rest of the line is JSON, without building it.
 * It is deliberately stricter than the decoders: at anything unusual (an escape in a key, a
 * key given twice, a lone surrogate, an id of many digits, invalid UTF-8, deep nesting, a blank
 * line) it gives up on the block, which then takes the decoders' way, whose answers (and error
 * messages) stay the reference. */
#include "fastscan.h"

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
            if (!(c.p < c.end && *c.p == '"') || !fs_scan_string(&c, &ka, &kb, &kesc) || kesc) goto bad;
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
                const unsigned char *start = c.p;
                int kind = fs_skip_value(&c, 1);
                /* An integer id of many digits is orjson's float (and so no valid id there),
                 * json's int: left to the decoders' way, which reports it. */
                if (kind != V_STRING && (kind != V_INT || c.p - start > 18)) goto bad;
            } else if (field >= 0) {
                if (seen[field]++) goto bad;
                if (c.p < c.end && *c.p == '"') {
                    const unsigned char *a, *b;
                    int escaped;
                    if (!fs_scan_string(&c, &a, &b, &escaped)) goto bad;
                    out[field] = fs_string_value(a, b, escaped);
                    if (out[field] == NULL) {
                        PyErr_Clear();
                        goto bad;
                    }
                } else if (fs_skip_value(&c, 1) != V_NULL) {
                    goto bad;
                }
            } else if (fs_skip_value(&c, 1) == V_BAD) {
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

PyObject *fs_listing_fields(PyObject *self, PyObject *args) {
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

int fs_listing_ready(void) {
    empty_string = PyUnicode_FromString("");
    return empty_string == NULL ? -1 : 0;
}
