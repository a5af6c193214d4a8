/** The app's version, set by vite.config.ts from package.json. */
declare const __FLEXBILL_VERSION__: string;
