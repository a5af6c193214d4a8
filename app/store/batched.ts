import type Database from 'better-sqlite3';

type Value = string | number | Buffer;

/**
 * Rows written many to a statement (an import writes thousands): values are
 * collected and sent 100 rows at a time; `flush` sends the rest one by one.
 * The statements are prepared once, with the store.
 */
export class BatchedInsert {
  private static readonly ROWS = 100;
  private readonly values: Value[] = [];
  private readonly batch: Database.Statement<Value[]>;
  private readonly one: Database.Statement<Value[]>;

  constructor(db: Database.Database, insert: string, private readonly width: number, conflict = '') {
    const sql = (n: number) => `${insert} VALUES ${Array(n).fill(`(${Array(width).fill('?').join(', ')})`).join(', ')} ${conflict}`;
    this.batch = db.prepare<Value[]>(sql(BatchedInsert.ROWS));
    this.one = db.prepare<Value[]>(sql(1));
  }

  add(...row: Value[]): void {
    this.values.push(...row);
    if (this.values.length === BatchedInsert.ROWS * this.width) {
      this.batch.run(...this.values);
      this.values.length = 0;
    }
  }

  flush(): void {
    for (let i = 0; i < this.values.length; i += this.width) this.one.run(...this.values.slice(i, i + this.width));
    this.values.length = 0;
  }

  /** Forgets what was not sent: the transaction it belonged to is rolled back. */
  discard(): void {
    this.values.length = 0;
  }
}
