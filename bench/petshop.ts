// PetShop RCA: top-1 / top-3 per scenario, split and symptom, and the engine's time per fault.
// npx tsx bench/petshop.ts   (converts the dataset with ../shared/tools/petshop.py into a temporary folder)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertPetshop, PETSHOP_CONVERTER, petshopTable, scorePetshop } from '../test/fixtures/petshop.js';

if (!existsSync(PETSHOP_CONVERTER)) {
  process.stdout.write(`(${PETSHOP_CONVERTER} not found: PetShop skipped)\n`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'ip-petshop-bench-'));
  try {
    convertPetshop(dir);
    const rows = await scorePetshop(dir);
    const ms = rows.map((r) => r.engineMs).sort((a, b) => a - b);
    process.stdout.write(`${petshopTable(rows)}\n\n`);
    process.stdout.write(
      `Engine time per fault (in process, tools included): median ${ms[Math.floor(ms.length / 2)]} ms, p90 ${ms[Math.floor(ms.length * 0.9)]} ms, max ${ms[ms.length - 1]} ms over ${ms.length} faults (Node ${process.version}).\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
