import { describe, expect, it } from 'vitest';
import { createTemplateMiner } from '../../src/analysis/templates.js';

describe('createTemplateMiner', () => {
  it('puts messages that differ only in variables into one template with <*>', () => {
    const miner = createTemplateMiner();
    const a = miner.add('Connection from 10.0.0.1 closed after 35ms');
    const b = miner.add('Connection from 10.0.0.2 closed after 12ms');
    expect(miner.resolve(a)).toBe(miner.resolve(b));
    expect(miner.template(a)).toBe('Connection from <*> closed after <*>');
    expect(miner.clusters()).toEqual([
      { clusterId: miner.resolve(a), template: 'Connection from <*> closed after <*>', count: 2 },
    ]);
  });

  it('keeps different messages apart', () => {
    const miner = createTemplateMiner();
    const ids = [
      miner.add('Connection from 10.0.0.1 closed after 35ms'),
      miner.add('Connection pool exhausted: timeout acquiring connection after 5000ms'),
      miner.add('User alice logged in'),
      miner.add('Disk /dev/sda1 is 91% full'),
    ].map((id) => miner.resolve(id));
    expect(new Set(ids).size).toBe(4);
    expect(miner.clusters()).toHaveLength(4);
  });

  it('keeps messages apart that differ in one constant word of a short message', () => {
    const miner = createTemplateMiner();
    const started = miner.add('[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] VM Started (Lifecycle Event)');
    const stopped = miner.add('[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] VM Stopped (Lifecycle Event)');
    expect(miner.resolve(started)).not.toBe(miner.resolve(stopped));
  });

  it('generalises a position that is not masked once a message differs there within the threshold', () => {
    const miner = createTemplateMiner({ similarity: 0.5 });
    const a = miner.add('Nightly batch job of worker alpha finished');
    const b = miner.add('Nightly batch job of worker beta finished');
    expect(miner.resolve(a)).toBe(miner.resolve(b));
    expect(miner.template(a)).toBe('Nightly batch job of worker <*> finished');
  });

  it('merges clusters that differ in one word once enough distinct values appear there', () => {
    const miner = createTemplateMiner();
    const users = ['admin', 'oracle', 'guest', 'support', 'test', 'ubuntu'];
    const ids = users.map((u) => miner.add(`Invalid user ${u} from 173.234.31.186 port 22`));
    const live = new Set(ids.map((id) => miner.resolve(id)));
    expect(live.size).toBe(1);
    expect(miner.template(ids[0])).toBe('Invalid user <*> from <*> port <*>');
    expect(miner.clusters()).toEqual([
      { clusterId: [...live][0], template: 'Invalid user <*> from <*> port <*>', count: 6 },
    ]);
    // A new value after the merge joins the merged template.
    expect(miner.resolve(miner.add('Invalid user zed from 10.1.1.1 port 2222'))).toBe([...live][0]);
  });

  it('does not merge a few distinct values of a word (they may be different events)', () => {
    const miner = createTemplateMiner();
    const a = miner.add('Instance spawned successfully on host');
    const b = miner.add('Instance destroyed successfully on host');
    expect(miner.resolve(a)).not.toBe(miner.resolve(b));
  });

  it('counts repeats and keeps ids stable, also through the exact-repeat cache', () => {
    const miner = createTemplateMiner();
    const first = miner.add('GET /api/v1/cart 200 74ms');
    for (let i = 0; i < 5; i++) expect(miner.add('GET /api/v1/cart 200 74ms')).toBe(first);
    expect(miner.add('GET /api/v1/cart 200 12ms')).toBe(first);
    expect(miner.clusters()[0].count).toBe(7);
  });

  it("keeps a request line's route and masks only its ids, so endpoints stay apart", () => {
    const miner = createTemplateMiner();
    const cart = miner.add('GET /api/v1/carts/8812/items?limit=20 200 74ms');
    expect(miner.add('GET /api/v1/carts/9ab3f0c2d1e4/items 200 12ms')).toBe(cart);
    const stock = miner.add('GET /api/v1/stock 200 12ms');
    expect(stock).not.toBe(cart);
    expect(miner.clusters().find((c) => c.clusterId === miner.resolve(cart))?.template).toContain(
      '/api/v1/carts/<*>/items',
    );
  });

  it('aligns variable-length lists', () => {
    const miner = createTemplateMiner();
    const a = miner.add('Removed blocks [blk_1, blk_2] from node');
    const b = miner.add('Removed blocks [blk_3, blk_4, blk_5, blk_6] from node');
    expect(miner.resolve(a)).toBe(miner.resolve(b));
    expect(miner.template(b)).toBe('Removed blocks [<*>] from node');
  });

  it('rejects unknown ids with a clear error', () => {
    const miner = createTemplateMiner();
    expect(() => miner.template(3)).toThrow(/unknown template cluster id 3/);
    expect(() => miner.resolve(-1)).toThrow(/unknown template cluster id/);
  });

  it('handles empty and whitespace-only messages', () => {
    const miner = createTemplateMiner();
    const a = miner.add('');
    const b = miner.add('   ');
    expect(miner.resolve(a)).toBe(miner.resolve(b));
    expect(miner.template(a)).toBe('');
  });
});

describe('createTemplateMiner on hostile input', () => {
  it('templates a huge message by its head and groups two such messages', () => {
    const miner = createTemplateMiner();
    const words = (seed: string) => Array.from({ length: 5000 }, (_, i) => `${seed}${i % 7 === 0 ? i : 'w'}`).join(' ');
    const a = miner.add(`Payload dump: ${words('a')}`);
    const b = miner.add(`Payload dump: ${words('a')} extra`);
    expect(miner.resolve(a)).toBe(miner.resolve(b));
    expect(miner.template(a).endsWith('<*>')).toBe(true);
    expect(miner.template(a).split(' ').length).toBeLessThanOrEqual(257);
  });

  it('survives unbalanced quotes and brackets', () => {
    const miner = createTemplateMiner();
    for (const m of ['"unterminated quote here', "it's ( [ { broken", ')))', '"', "'", '=', 'key= "x']) {
      expect(() => miner.template(miner.add(m))).not.toThrow();
    }
  });
});
