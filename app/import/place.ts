// Where something is in a file, in the words of an error message: "usage.csv line 57",
// "usage.xlsx sheet "Usage" cell C14", "usage.json item 12". Readers keep places as
// two numbers (a line, row or item; and a column) and only spell them out for a message.

export interface Place {
  /** `column` -1 stands for the whole line, row or item. */
  at(position: number, column: number): string;
  /** The same without the file name: "line 57", "sheet "Usage" cell C14", for a second place in a message. */
  where(position: number, column: number): string;
  /** The same place without the file name: "line 57", for "line 3 and line 57". */
  short(position: number): string;
  readonly fileName: string;
}

export function linePlace(fileName: string): Place {
  return {
    fileName,
    at: (line) => `${fileName} line ${line}`,
    where: (line) => `line ${line}`,
    short: (line) => `line ${line}`,
  };
}

export function itemPlace(fileName: string): Place {
  return {
    fileName,
    at: (item) => `${fileName} item ${item}`,
    where: (item) => `item ${item}`,
    short: (item) => `item ${item}`,
  };
}

/** A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Rows are 1-based (as Excel shows them), columns 0-based. */
export function sheetPlace(fileName: string, sheet: string): Place {
  const where = (row: number, column: number): string =>
    column >= 0 ? `sheet "${sheet}" cell ${columnLetters(column)}${row}` : `sheet "${sheet}" row ${row}`;
  return {
    fileName,
    at: (row, column) => `${fileName} ${where(row, column)}`,
    where,
    short: (row) => `row ${row}`,
  };
}

/** A short, quoted rendering of a value for a message (long values are cut). */
export function quote(value: string): string {
  const v = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(v);
}
