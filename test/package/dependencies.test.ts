import * as fs from 'fs';
import * as path from 'path';

/**
 * jsii turns every peer dependency into a hard dependency of the Python, Java, .NET and Go
 * packages, at the version given: an alpha module here would make every user of every
 * language install it at that exact version, even to use only the Kinesis constructs.
 */
describe('what users install with the library', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));

  test('peer dependencies are aws-cdk-lib and constructs only: no alpha module', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bundledDependencies ?? []).toEqual([]);
  });
});
