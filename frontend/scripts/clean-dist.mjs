// Empties dist/ but keeps dist/.gitkeep: the Go binary embeds `all:dist`,
// and a fresh clone must compile with only the placeholder present.
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
mkdirSync(dist, { recursive: true });
for (const name of readdirSync(dist)) {
  if (name !== '.gitkeep') rmSync(join(dist, name), { recursive: true, force: true });
}
const keep = join(dist, '.gitkeep');
if (!existsSync(keep)) writeFileSync(keep, '');
