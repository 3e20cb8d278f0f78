/** The dependency files that get substituted, as paths relative to node_modules/. */
export declare const PATCHED_FILES: readonly string[];
/** The file under node_modules/ that `filePath` is, in the form PATCHED_FILES names it, if it is one. */
export declare function patchedFile(filePath: string): string | undefined;
/**
 * `code` (the text of `filePath`) with its substitutions applied, or undefined when the file is not
 * one to patch. Throws when a substitution does not match the stated number of times.
 */
export declare function patchSource(filePath: string, code: string): string | undefined;
