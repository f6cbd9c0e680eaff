/* The JSON grammar under listing_fields (listing_fields.c says why): hex digits, UTF-8,
 * strings (checked, then decoded), numbers, literals, and any value skipped. */
#include "fastscan.h"

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
int fs_scan_string(Cursor *c, const unsigned char **a, const unsigned char **b, int *escaped) {
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
PyObject *fs_string_value(const unsigned char *a, const unsigned char *b, int escaped) {
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

/* A number at c->p, by JSON's grammar: V_INT, V_OTHER (with a fraction or exponent) or
 * V_BAD. (Of any size: where orjson refuses one (1e400), the record is read by json, as the
 * decoders' way reads it; a listing id is held to fewer digits by line_fields.) */
static int scan_number(Cursor *c) {
    const unsigned char *p = c->p, *end = c->end;
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
            if (!(c->p < c->end && *c->p == '"') || !fs_scan_string(c, &a, &b, &escaped)) return V_BAD;
            skip_ws(c);
            if (!(c->p < c->end && *c->p == ':')) return V_BAD;
            c->p++;
        }
        if (fs_skip_value(c, depth + 1) == V_BAD) return V_BAD;
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
int fs_skip_value(Cursor *c, int depth) {
    skip_ws(c);
    if (c->p >= c->end) return V_BAD;
    switch (*c->p) {
    case '"': {
        const unsigned char *a, *b;
        int escaped;
        return fs_scan_string(c, &a, &b, &escaped) ? V_STRING : V_BAD;
    }
    case '{': return skip_container(c, depth, 1);
    case '[': return skip_container(c, depth, 0);
    case 't': return literal(c, "true", 4) ? V_OTHER : V_BAD;
    case 'f': return literal(c, "false", 5) ? V_OTHER : V_BAD;
    case 'n': return literal(c, "null", 4) ? V_NULL : V_BAD;
    default: return scan_number(c);
    }
}
