import * as core from '@actions/core';
import { bundleFromJSON } from '@sigstore/bundle';

test('toolkit and sigstore load under Jest ESM', () => {
  expect(typeof core.getInput).toBe('function');
  expect(typeof bundleFromJSON).toBe('function');
});
