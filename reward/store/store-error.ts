/** Errors about stored or imported data, naming where the bad value is. */
export class StoreError extends Error {
  constructor(
    message: string,
    /** Table (or JSONL record type) involved. */
    readonly table: string,
    /** Row id (or key) involved, when known. */
    readonly rowId?: number | string,
    /** Field (column) involved, when known. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
