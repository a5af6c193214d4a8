// The flags Node runs the command line (and the browser host) with.
//
// An import allocates fast (pieces of text, rows of the store), and V8 then grows its
// young generation to two semi-spaces of 16 MB (plus as much for large objects): more
// memory, and a heap that no longer stays in the caches. With semi-spaces of 4 MB the
// imports of the benchmark (`npm run bench`, README: Performance) ran both smaller and
// faster: the ISP month 123–131 → 108 MB and 1.31–1.42 → 0.86–0.88 s, the year of
// counts 169–178 → 136–147 MB and 0.72–0.78 → 0.54–0.67 s, the ×10 month 220 → 200 MB.
// V8 reads the flag only when it starts: bin/flexbill.cjs passes it on its first line,
// scripts/start.mjs to the browser host (test/node-flags.test.ts keeps them the same).
export const NODE_FLAGS = ['--max-semi-space-size=4'] as const;
