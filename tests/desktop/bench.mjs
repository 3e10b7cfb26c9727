// Cold start to first paint and idle memory of the desktop app (a benchmark, not a test).
// Each run starts the app on a fresh data directory; "first paint" is the moment the WebDriver
// sees the sandbox conversation rendered in the list (an upper bound: it includes WebDriver's
// own start of the process and its polling every 25 ms). Idle memory is the resident set of the
// app and its WebKit processes after 10 s idle, from /proc.
import { readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WebDriver } from './webdriver.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IDLE_MS = 10000;
const bin = process.env.SWITCHBOARD_DESKTOP_BIN;
const data = process.env.SWITCHBOARD_DATA_DIR;

function processes() {
  const out = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      let exe = '';
      try {
        exe = readlinkSync(`/proc/${pid}/exe`);
      } catch {}
      out.push({ pid: Number(pid), ppid, rssKb, exe, name: /Name:\s+(\S+)/.exec(status)?.[1] });
    } catch {}
  }
  return out;
}

/** RSS in MiB of the app and of each of its descendants (WebKit's web and network processes). */
function memory() {
  const all = processes();
  const app = all.find((p) => p.exe === bin);
  if (!app) throw new Error('the app process is not running');
  const family = [app];
  for (let i = 0; i < family.length; i++) {
    for (const p of all) if (p.ppid === family[i].pid) family.push(p);
  }
  return family.map((p) => ({ name: p.name, mib: p.rssKb / 1024 }));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const starts = [];
const idle = [];
for (let run = 1; run <= RUNS; run++) {
  const driver = new WebDriver(process.env.WEBDRIVER_URL);
  const t0 = performance.now();
  try {
    await driver.start(bin);
    await driver.until('the sandbox conversation', async () =>
      (await driver.findAll('[data-testid="conversation"]')).length > 0, 30000);
    const ms = performance.now() - t0;
    starts.push(ms);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const mem = memory();
    const total = mem.reduce((s, p) => s + p.mib, 0);
    idle.push(total);
    console.log(
      `run ${run}: first paint ${ms.toFixed(0)} ms; idle RSS ${total.toFixed(0)} MiB (` +
        mem.map((p) => `${p.name} ${p.mib.toFixed(0)}`).join(', ') + ')',
    );
  } finally {
    await driver.quit();
    // The app inherits WebKitWebDriver's environment, so every run uses this one data
    // directory: empty it for the next cold start (first run, sandbox created anew).
    await new Promise((r) => setTimeout(r, 500));
    for (const f of readdirSync(data)) rmSync(join(data, f), { recursive: true, force: true });
  }
}
console.log(
  `\nmedian of ${RUNS}: cold start to first paint ${median(starts).toFixed(0)} ms; ` +
    `idle memory ${median(idle).toFixed(0)} MiB (app + WebKit processes, RSS after ${IDLE_MS / 1000} s)`,
);
