import { ListingAhead } from './ListingAhead';

describe('ListingAhead', () => {
  it('lists the next folders before they are taken, each once', async () => {
    const listed: string[] = [];
    const listings = new ListingAhead(async folder => {
      listed.push(folder);
      return `entries of ${folder}`;
    }, 2);

    await expect(listings.take('a', ['b', 'c', 'd'])).resolves.toBe(
      'entries of a',
    );
    expect(listed).toEqual(['a', 'b', 'c']);

    await expect(listings.take('b', ['c', 'd'])).resolves.toBe('entries of b');
    await expect(listings.take('d', [])).resolves.toBe('entries of d');
    expect(listed).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives a failed listing to the walk that takes it, and to no one else', async () => {
    const listings = new ListingAhead(async folder => {
      if (folder === 'gone') throw new Error('ENOENT');
      return folder;
    });
    await expect(listings.take('a', ['gone'])).resolves.toBe('a');
    await expect(listings.take('gone', [])).rejects.toThrow('ENOENT');
  });
});
