/**
 * This project's version. scripts/package.mjs writes package.json's version over this file in
 * the build, so dist/ always says what package.json says; run from source (tests) it is this.
 */
export const VERSION: string = '0.0.0-source';
