/**
 * The window of facility names handed to maplibre (src/map/name-window.ts): none when zoomed
 * out, three views wide around the view, kept while the view stays inside it.
 */
import { describe, expect, it } from 'vitest';
import { inWindow, nameWindow } from '../../src/map/name-window.ts';

const view = (west: number, south: number, east: number, north: number) => ({
  west,
  south,
  east,
  north,
});

describe('nameWindow', () => {
  it('holds no name below the zoom the names show from', () => {
    expect(nameWindow('none', view(4, 50, 5, 51), 9.5, 10)).toBe('none');
    expect(nameWindow([0, 0, 9, 9], view(4, 50, 5, 51), 3, 10)).toBe('none');
  });

  it('spans three views around the view, and keeps it while the view stays inside', () => {
    const first = nameWindow('none', view(4, 50, 5, 51), 12, 10);
    expect(first).toEqual([3, 49, 6, 52]);
    expect(nameWindow(first, view(4.5, 50.5, 5.5, 51.5), 12, 10)).toBe(first);
    expect(nameWindow(first, view(5.5, 50, 6.5, 51), 12, 10)).toEqual([4.5, 49, 7.5, 52]);
  });

  it('stays within the poles, and takes every name for a view wider than a third of the world', () => {
    expect(nameWindow('none', view(0, 80, 10, 89), 10, 10)).toEqual([-10, 71, 20, 90]);
    expect(nameWindow('none', view(-100, -60, 100, 60), 10, 10)).toBe('all');
  });
});

describe('inWindow', () => {
  it('places a name inside a box, across the antimeridian too', () => {
    expect(inWindow([3, 49, 6, 52], 4, 50)).toBe(true);
    expect(inWindow([3, 49, 6, 52], 7, 50)).toBe(false);
    expect(inWindow([3, 49, 6, 52], 4, 53)).toBe(false);
    expect(inWindow([170, 60, 190, 70], -175, 65)).toBe(true);
    expect(inWindow([-190, 60, -170, 70], 175, 65)).toBe(true);
    expect(inWindow('all', 0, 0)).toBe(true);
    expect(inWindow('none', 0, 0)).toBe(false);
  });
});
