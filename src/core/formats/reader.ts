/**
 * What a binary reader is (readers.ts lists them): the interface each format's reader in this
 * folder implements, and the Refusal it throws when a file cannot be read at all.
 */
import type { InventorySource } from '../formats.ts';

/** A whole load is refused: the message says why (and which file). */
export class Refusal extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One layer, sheet or table of a binary file, in a form formats.ts reads: GeoJSON as `data`, or
 * records already read as `read`. `notes` go into the report as warnings (code `code`, default
 * the reader's name).
 */
export type ReaderLayer = InventorySource & { notes?: string[]; code?: string };

export interface BinaryReader {
  /** Short name, used as the report code of the layers' notes ("shapefile"). */
  name: string;
  /**
   * Whether this reader takes the file.
   * @param name the file name (pick by extension)
   * @param head the file's first bytes (up to HEAD_BYTES; pick by magic number)
   */
  accepts(name: string, head: Uint8Array): boolean;
  /**
   * The file's layers; throws a Refusal with a message for the user when the file cannot be
   * read at all. Layer names are unique within the file (`inventory.zip/sites`).
   */
  read(name: string, bytes: Uint8Array): Promise<ReaderLayer[]>;
}

/** How many first bytes `accepts` sees. */
export const HEAD_BYTES = 512;
