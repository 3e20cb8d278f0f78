// The part of addons-linter's Node API (README "Linter API Usage") that scripts/lint-firefox.ts
// uses; the package ships no types.
declare module "addons-linter" {
  export interface LinterMessage {
    type: "error" | "warning" | "notice";
    code: string;
    message: string;
    description?: string | string[];
    file?: string;
    line?: number;
    column?: number;
  }
  export interface LinterOutput {
    count: number;
    summary: { errors: number; warnings: number; notices: number };
    errors: LinterMessage[];
    warnings: LinterMessage[];
    notices: LinterMessage[];
  }
  export interface LinterConfig {
    _: string[];
    logLevel?: string;
    stack?: boolean;
    pretty?: boolean;
    warningsAsErrors?: boolean;
    metadata?: boolean;
    output?: "none" | "text" | "json";
    boring?: boolean;
    selfHosted?: boolean;
    privileged?: boolean;
    minManifestVersion?: number;
    maxManifestVersion?: number;
    shouldScanFile?: (fileName: string) => boolean;
  }
  const addonsLinter: {
    createInstance(options: { config: LinterConfig; runAsBinary?: boolean }): {
      run(): Promise<LinterOutput>;
    };
  };
  export default addonsLinter;
}
