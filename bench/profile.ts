import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  hitCount?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface HotSpot {
  name: string;
  selfMs: number;
  share: number;
}

/**
 * The functions with the most self time in a V8 .cpuprofile (from
 * `node --cpu-prof`); tree-sitter's wasm frames keep their C names.
 */
export function hotSpots(profilePath: string, limit = 15): HotSpot[] {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const totalHits = profile.samples.length;
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(totalHits, 1);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = url.startsWith('wasm://')
      ? `(wasm) ${functionName}`
      : url
        ? `${functionName || '(anonymous)'} ${basename(url)}:${lineNumber + 1}`
        : `${functionName || '(anonymous)'}`;
    self.set(name, (self.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  return [...self.entries()]
    .map(([name, hits]) => ({ name, selfMs: hits * msPerHit, share: hits / Math.max(totalHits, 1) }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
}
