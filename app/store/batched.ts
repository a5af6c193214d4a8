import type Database from 'better-sqlite3';

type Value = string | number | Buffer;

/**
 * Rows written many to a statement (an import writes thousands): values are
 * collected and sent 100 rows at a time; `flush` sends the rest in one statement.
 * The statements are prepared once, with the store.
 */
export class BatchedInsert {
  private static readonly ROWS = 100;
  private readonly values: Value[] = [];
  private readonly batch: Database.Statement<Value[]>;
  /** Statements of fewer rows, for what is left at a flush, made when first needed. */
  private readonly fewer = new Map<number, Database.Statement<Value[]>>();

  constructor(private readonly db: Database.Database, insert: string, private readonly width: number, private readonly conflict = '') {
    this.insert = insert;
    this.batch = db.prepare<Value[]>(this.sql(BatchedInsert.ROWS));
  }

  private readonly insert: string;

  private sql(n: number): string {
    return `${this.insert} VALUES ${Array(n).fill(`(${Array(this.width).fill('?').join(', ')})`).join(', ')} ${this.conflict}`;
  }

  /** A row of five values (both batched tables have five columns: no array is made per row). */
  add(a: Value, b: Value, c: Value, d: Value, e: Value): void {
    this.values.push(a, b, c, d, e);
    if (this.values.length === BatchedInsert.ROWS * this.width) {
      this.batch.run(...this.values);
      this.values.length = 0;
    }
  }

  /** Sends the rows not sent yet, in one statement. */
  flush(): void {
    const n = this.values.length / this.width;
    if (n === 0) return;
    let statement = this.fewer.get(n);
    if (statement === undefined) this.fewer.set(n, (statement = this.db.prepare<Value[]>(this.sql(n))));
    statement.run(...this.values);
    this.values.length = 0;
  }

  /** Forgets what was not sent: the transaction it belonged to is rolled back. */
  discard(): void {
    this.values.length = 0;
  }
}
