// The rule line of the screens: its words are shared with the command line and the workbook.
export { droppedText, ruleLine } from '../../app/words';
