import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Stack } from 'aws-cdk-lib';

const outdirs: string[] = [];

/**
 * A fresh app whose cloud assembly goes to a temporary folder removed after the test
 * file, so test runs leave no cdk.out folders behind.
 */
export function testApp(props: AppProps = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'csp-test-'));
  outdirs.push(outdir);
  return new App({ outdir, ...props });
}

/** A stack in a fresh test app, in a fixed account and region. */
export function testStack(id = 'TestStack'): Stack {
  return new Stack(testApp(), id, { env: { account: '111111111111', region: 'us-east-1' } });
}

afterAll(() => {
  for (const dir of outdirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
