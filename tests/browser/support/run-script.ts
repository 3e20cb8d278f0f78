/**
 * Runs one of scripts/*.ts as a child process with tsx, as `npm run` would, and collects its
 * output. Inside scripts/netns.sh the child inherits the namespace (P2PV_NETNS is in the env).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: string[]): Promise<ScriptRun> {
  return new Promise((done, reject) => {
    const child = spawn(resolve("node_modules/.bin/tsx"), [script, ...args], {
      env: process.env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      done({ code, stdout, stderr });
    });
  });
}
