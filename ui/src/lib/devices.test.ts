import { describe, expect, it } from 'vitest';
import { deviceLabel, deviceOf } from './devices';
import { en, ru } from './fixtures';

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const EDGE_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0';

describe('deviceOf', () => {
  it('names the browser and the system a User-Agent describes', () => {
    expect(deviceOf(CHROME_LINUX)).toEqual({ browser: 'Chrome', os: 'Linux' });
    expect(deviceOf(SAFARI_IPHONE)).toEqual({ browser: 'Safari', os: 'iOS' });
    expect(deviceOf(EDGE_WINDOWS)).toEqual({ browser: 'Edge', os: 'Windows' });
    expect(deviceOf(FIREFOX_MAC)).toEqual({ browser: 'Firefox', os: 'macOS' });
  });
});

describe('deviceLabel', () => {
  it('says it in the reader’s language, the desktop app and unknown labels included', () => {
    expect(deviceLabel(CHROME_LINUX, en)).toBe('Chrome on Linux');
    expect(deviceLabel(CHROME_LINUX, ru)).toBe('Chrome, Linux');
    expect(deviceLabel('Switchboard desktop 0.4.0', ru)).toBe('Приложение Switchboard для компьютера');
    expect(deviceLabel('', en)).toBe('Unknown device');
    expect(deviceLabel('curl/8.5.0', en)).toBe('curl/8.5.0');
  });
});
