// The flags Node runs the command line (and the browser host) with.
//
// An import allocates fast (pieces of text, rows of the store), and V8 then grows its
// young generation to two semi-spaces of 16 MB (plus as much for large objects): more
// memory, and a heap that no longer stays in the caches. With semi-spaces of 4 MB the
// imports of the benchmark (`npm run bench`, README: Performance) ran both smaller and
// faster: the ISP month 123–131 → 108 MB and 1.31–1.42 → 0.86–0.88 s, the year of
// counts 169–178 → 136–147 MB and 0.72–0.78 → 0.54–0.67 s, the ×10 month 220 → 200 MB.
//
// And V8 lets the old generation grow to up to four times what lives in it before a full
// collection; an import's garbage (a license written after another) then set its peak:
// the ×10 month 130–158 MB from one run to the next. Growing by at most twice
// (`--heap-growing-percent=100`): 125–127 MB, the month and the year no slower (four
// alternated runs each: 1.36–1.53 against 1.37–1.51 s, 0.54–0.61 against 0.51–0.65 s).
//
// V8 reads the flags only when it starts: bin/flexbill.cjs passes them on its first line,
// scripts/start.mjs to the browser host (test/node-flags.test.ts keeps them the same).
export const NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=100'] as const;
