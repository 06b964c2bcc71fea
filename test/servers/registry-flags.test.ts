// Each server declares its own flags in the registry: the CLI offers them, parses them into SourceOptions.extra,
// and the client passes them back to the server subprocess unchanged.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addSourceFlags, toSourceOptions, type SourceFlags } from '../../src/cli/options.js';
import { readServerFlags, SERVER_FLAGS, SERVERS, toServerArgs } from '../../src/servers/registry.js';

describe('server flags', () => {
  it('are declared by the server that reads them', () => {
    const owner = (key: string) => SERVERS.find((s) => s.flags?.some((f) => f.key === key))?.name;
    expect(owner('github')).toBe('git');
    expect(owner('kubeContext')).toBe('k8s');
    expect(owner('namespace')).toBe('k8s');
  });

  it('go from the command line to source options and back to server arguments', () => {
    const cmd = addSourceFlags(new Command().exitOverride());
    cmd.parse(
      ['--data', '.', '--github', 'acme/shop', '--kube-context', 'prod', '--namespace', 'a,b', '--allow-writes'],
      { from: 'user' },
    );
    const source = toSourceOptions(cmd.opts<SourceFlags>(), {});
    expect(source.extra).toEqual({ github: 'acme/shop', kubeContext: 'prod', namespace: 'a,b' });
    const args = toServerArgs(source);
    expect(args).toEqual([
      '--data',
      source.dataDir,
      '--allow-writes',
      '--github',
      'acme/shop',
      '--kube-context',
      'prod',
      '--namespace',
      'a,b',
    ]);
    const again = addSourceFlags(new Command().exitOverride());
    again.parse(args, { from: 'user' });
    expect(toSourceOptions(again.opts<SourceFlags>(), {})).toEqual(source);
  });

  it('offer every declared flag on the command line', () => {
    const cmd = addSourceFlags(new Command());
    const offered = cmd.options.map((o) => o.long);
    for (const f of SERVER_FLAGS) expect(offered).toContain(f.option.split(' ')[0]);
  });

  it('a path flag is made absolute, so a server started elsewhere reads the same file', () => {
    const declared = [{ option: '--some-file <file>', key: 'someFile', description: 'a file', isPath: true }];
    expect(readServerFlags({ someFile: 'x/y.yaml', other: 'z' }, declared)).toEqual({ someFile: resolve('x/y.yaml') });
  });

  it('a live source flag turns off the bundled-sample fallback', () => {
    expect(toSourceOptions({}, {}, true).dataDir).toBeDefined();
    expect(toSourceOptions({ github: 'acme/shop' }, {}, true).dataDir).toBeUndefined();
  });
});
