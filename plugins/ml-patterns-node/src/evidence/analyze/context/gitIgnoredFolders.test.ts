import { FileTree } from '../paths';
import { GitIgnoredFolders } from './gitIgnoredFolders';

function folders(files: Record<string, string>): GitIgnoredFolders {
  return new GitIgnoredFolders(
    new FileTree(Object.keys(files)),
    path => files[path],
  );
}

describe('GitIgnoredFolders', () => {
  it('names the .gitignore line that keeps a folder out of git, at any depth for a bare name', () => {
    const ignored = folders({
      '.gitignore': '# outputs\n*.log\nweights/\n',
      'service/.gitignore': 'cache\n',
    });
    expect(ignored.ignoredBy('weights')).toEqual({
      path: '.gitignore',
      line: 3,
    });
    expect(ignored.ignoredBy('service/app/weights')).toEqual({
      path: '.gitignore',
      line: 3,
    });
    expect(ignored.ignoredBy('service/cache')).toEqual({
      path: 'service/.gitignore',
      line: 1,
    });
    expect(ignored.ignoredBy('cache')).toBeUndefined();
  });

  it('lets a deeper exception win, and does not count wildcard rules', () => {
    const ignored = folders({
      '.gitignore': 'models\n',
      'app/.gitignore': '!models\n',
      'tools/.gitignore': 'checkpoints\n*\n',
    });
    expect(ignored.ignoredBy('models')).toEqual({
      path: '.gitignore',
      line: 1,
    });
    expect(ignored.ignoredBy('app/models')).toBeUndefined();
    expect(ignored.ignoredBy('tools/checkpoints')).toBeUndefined();
  });

  it('counts a rule that keeps every entry of a named folder out of git, not the folder itself', () => {
    const ignored = folders({
      '.gitignore': '/voices/*/\n!/voices/keep/\nassets/**\n*.tmp/*\n',
    });
    expect(ignored.ignoredBy('voices/en')).toEqual({
      path: '.gitignore',
      line: 1,
    });
    expect(ignored.ignoredBy('voices')).toBeUndefined();
    expect(ignored.ignoredBy('voices/keep')).toBeUndefined();
    expect(ignored.ignoredBy('assets/large')).toEqual({
      path: '.gitignore',
      line: 3,
    });
    expect(ignored.ignoredBy('x.tmp/a')).toBeUndefined();
  });
});
