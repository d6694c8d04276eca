// A file the user chose, read as JSON: its size checked before a byte is read, then
// decoded as strict UTF-8 and parsed (never evaluated). Each refusal names the file.

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export interface JsonFileRules {
  maxBytes: number;
  /** Said after "<file> is <size>: " when the file is over `maxBytes`. */
  tooBig: string;
  /** Said after "<file> is not JSON: ". */
  notJson: string;
}

export async function readJsonFile(file: File, { maxBytes, tooBig, notJson }: JsonFileRules): Promise<unknown> {
  if (file.size > maxBytes) throw new Error(`"${file.name}" is ${megabytes(file.size)}: ${tooBig}`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()));
  } catch {
    throw new Error(`"${file.name}" is not JSON: ${notJson}`);
  }
}
