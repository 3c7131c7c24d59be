// ../shared/fixtures beside the repository (as in CI), else the workplace's copy.
import fs from "node:fs";
import path from "node:path";

const beside = path.resolve(import.meta.dirname, "../../../shared/fixtures");
export const FIXTURES_DIR = fs.existsSync(beside) ? beside : "/work/shared/fixtures";
