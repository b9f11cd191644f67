import { describe, expect, it } from 'vitest';
import { searchWindows, sectionName, sections } from '../client/windows/sections.js';
import { textMatcher } from '../client/text-filter.js';

const w = (id: string, title = '') => ({ id, title });
const label = (x: { id: string; title: string }) => x;

describe('metric search and sections', () => {
  it('names a section by the prefix of the title, else of the id', () => {
    expect(sectionName(w('a', 'train/loss'))).toBe('train');
    expect(sectionName(w('val/acc/top1'))).toBe('val');
    expect(sectionName(w('x/y', 'no prefix'))).toBe('x');
    expect(sectionName(w('loss', 'Loss'))).toBe('');
    expect(sectionName(w('/abs', ''))).toBe('');
  });

  it('puts windows without a prefix first, and keeps the order of the first window of each section', () => {
    const list = [w('val/loss'), w('lr'), w('train/loss'), w('val/acc'), w('epoch')];
    expect(sections(list, label).map((s) => [s.name, s.items.map((i) => i.id)])).toEqual([
      ['', ['lr', 'epoch']],
      ['val', ['val/loss', 'val/acc']],
      ['train', ['train/loss']],
    ]);
    expect(sections([w('a'), w('b')], label).map((s) => s.name)).toEqual(['']);
    expect(sections([], label)).toEqual([]);
  });

  it('matches a search against titles and ids, as text or /regex/', () => {
    const list = [w('lr', 'learning rate'), w('train/loss'), w('val/loss', 'Validation loss')];
    const ids = (q: string) => searchWindows(list, label, q).items.map((i) => i.id);
    expect(ids('')).toEqual(['lr', 'train/loss', 'val/loss']);
    expect(ids('LOSS')).toEqual(['train/loss', 'val/loss']);
    expect(ids('learning')).toEqual(['lr']);
    expect(ids('/^val\\//')).toEqual(['val/loss']);
    expect(ids('/validation/i')).toEqual(['val/loss']);
    expect(searchWindows(list, label, '/[/').bad).toBe(true);
    expect(ids('/[/')).toEqual(['lr', 'train/loss', 'val/loss']);
  });

  it('reads a filter as a regex only between slashes, and drops the stateful g and y flags', () => {
    const m = textMatcher('/a/g');
    expect([m.test('a'), m.test('a')]).toEqual([true, true]);
    expect(textMatcher('a/b').test('xa/by')).toBe(true);
    expect(textMatcher('  ').empty).toBe(true);
  });
});
