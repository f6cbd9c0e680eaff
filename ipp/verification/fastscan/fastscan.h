/* What the files of ipp.verification._fastscan share: the includes, the CodeTable, Words and
 * Cursor structs, and the types and functions one file takes from another. */
#ifndef IPP_FASTSCAN_H
#define IPP_FASTSCAN_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- CodeTable (codes.c; its codes() in codes_scan.c) ---- */

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

/* ---- Words (words.c), made by CodeTable.codes ---- */

typedef struct {
    PyObject_HEAD
    PyObject *text;
    Py_ssize_t n;        /* number of words */
    Py_ssize_t *starts;  /* n + 1 entries: word i is text[starts[i]:starts[i + 1] - 1] */
} Words;

/* ---- The JSON scanner under listing_fields (json_scan.c, listing_fields.c) ---- */

typedef struct {
    const unsigned char *p, *end;
} Cursor;

static inline void skip_ws(Cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
        c->p++;
}

enum { V_BAD, V_STRING, V_INT, V_OTHER, V_NULL };

/* A string at c->p (on its opening quote); moves past it. 0: not one we accept. */
int fs_scan_string(Cursor *c, const unsigned char **a, const unsigned char **b, int *escaped);
/* The value of a string the scanner accepted, as Python str. */
PyObject *fs_string_value(const unsigned char *a, const unsigned char *b, int escaped);
/* Any value at c->p (whitespace skipped first); its kind (V_BAD...). */
int fs_skip_value(Cursor *c, int depth);

/* ---- PieceSet (bits.c; its window method in typo_window.c) ---- */

typedef struct {
    PyObject_HEAD
    uint64_t *slots;   /* open addressing: a hash h is stored as h + 1 (0: a free slot) */
    size_t mask;
    unsigned char lengths[256];  /* key lengths present (longer keys are never typo keys) */
} PieceSet;

uint32_t fs_crc32_more(uint32_t crc, const unsigned char *p, Py_ssize_t n);
int fs_pieceset_has(const PieceSet *ps, uint32_t h);
int fs_piece_hashes(const PieceSet *ps, const unsigned char *s, Py_ssize_t m, Py_ssize_t n,
                    uint32_t hs[3]);
PyObject *fs_pieceset_window(PieceSet *ps, PyObject *args);

/* ---- Across files ---- */

extern PyTypeObject fs_CodeTableType, fs_WordsType, fs_PieceSetType;

int fs_code_of(PyObject *code, Py_UCS4 *out);                 /* codes.c */
PyObject *fs_table_codes(CodeTable *t, PyObject *args);       /* codes_scan.c */
PyObject *fs_listing_fields(PyObject *self, PyObject *args);  /* listing_fields.c */
PyObject *fs_plain_codes(PyObject *self, PyObject *args);      /* bits.c */

/* Each file's part of PyInit__fastscan: its type made ready, its constants made. -1: failed
 * (a Python error set). */
int fs_codes_ready(void);
int fs_words_ready(void);
int fs_listing_ready(void);
int fs_bits_ready(void);

#endif
