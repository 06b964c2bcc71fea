// The log formats real systems write, line by line: syslog (RFC 5424 and 3164), combined access logs, klog,
// the LogHub systems' leading timestamps, UTC offsets everywhere, and how a yearless timestamp gets its year.
import { describe, expect, it } from 'vitest';
import { parseLine, type ParsedLine } from '../../../src/servers/logs/backends/parse.js';
import { YearReference } from '../../../src/servers/logs/backends/timestamp.js';

const DAY = 86_400_000;
/** "Now" for yearless lines: 2025-12-20, so December dates are this year and later months last year. */
const YEAR = new YearReference(Date.UTC(2025, 11, 20), DAY);

function entry(line: string, year = YEAR): ParsedLine {
  const r = parseLine(line, year);
  if (r === null || typeof r === 'string') throw new Error(`not an entry: ${String(r)}: ${line}`);
  return r;
}

describe('syslog RFC 5424', () => {
  it('reads severity from PRI, APP-NAME as service, host/procid/msgid as attributes', () => {
    const e = entry('<131>1 2025-12-09T09:17:05.801Z web-3 checkout-api 207 - - connection pool exhausted');
    expect(e).toEqual({
      ts: Date.UTC(2025, 11, 9, 9, 17, 5, 801),
      level: 'ERROR', // 131 = facility 16, severity 3
      service: 'checkout-api',
      message: 'connection pool exhausted',
      attributes: { facility: 16, host: 'web-3', pid: '207' },
    });
  });

  it.each([
    [128, 'ERROR'], // emerg
    [130, 'ERROR'], // crit
    [131, 'ERROR'], // err
    [132, 'WARN'],
    [133, 'INFO'],
    [134, 'INFO'],
    [135, 'DEBUG'],
  ])('PRI %i -> %s', (pri, level) => {
    expect(entry(`<${pri}>1 2025-12-09T09:17:05Z h app - - - m`).level).toBe(level);
  });

  it('keeps structured data and a msgid, honours an offset, and strips a BOM', () => {
    const e = entry(
      '<165>1 2025-12-09T11:17:05.003+02:00 mymachine evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\]ication"] \uFEFFAn application event',
    );
    expect(e.ts).toBe(Date.UTC(2025, 11, 9, 9, 17, 5, 3));
    expect(e.level).toBe('INFO'); // severity 5 (notice)
    expect(e.message).toBe('An application event');
    expect(e.attributes).toMatchObject({
      msgid: 'ID47',
      structured: '[exampleSDID@32473 iut="3" eventSource="Appl\\]ication"]',
    });
  });

  it('a line with no timestamp is malformed, not an entry', () => {
    expect(parseLine('<34>1 - host app - - - message', YEAR)).toMatch(/no timestamp/);
  });
});

describe('syslog RFC 3164', () => {
  it('reads <PRI>, a yearless date, host, tag[pid] as service', () => {
    const e = entry('<131>Dec  9 09:17:05 host app[207]: database unreachable');
    expect(e).toMatchObject({
      ts: Date.UTC(2025, 11, 9, 9, 17, 5),
      level: 'ERROR',
      service: 'app',
      message: 'database unreachable',
      inferredYear: true,
    });
    expect(e.attributes).toMatchObject({ host: 'host', pid: '207', facility: 16 });
  });

  it('reads /var/log/syslog lines without a PRI (tag with or without pid); a leading level word sets the level', () => {
    const a = entry('Dec 19 23:59:58 node-7 kernel: Out of memory: Killed process 4242 (java)');
    expect(a).toMatchObject({
      ts: Date.UTC(2025, 11, 19, 23, 59, 58),
      level: 'INFO',
      service: 'kernel',
      message: 'Out of memory: Killed process 4242 (java)',
    });
    const b = entry('Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; rhost=218.188.2.4');
    expect(b).toMatchObject({ service: 'sshd(pam_unix)', attributes: { host: 'combo', pid: '19939' } });
    expect(entry('Dec  1 10:00:00 h worker[1]: ERROR: job 17 failed').level).toBe('ERROR');
  });

  it('a yearless date after the reference belongs to the previous year', () => {
    // Reference 2025-12-20: December 9 is 2025, March 3 is 2025 too, but December 25 would be in the future: 2024.
    expect(entry('Dec 25 08:00:00 h app: x').ts).toBe(Date.UTC(2024, 11, 25, 8));
    expect(entry('Mar  3 08:00:00 h app: x').ts).toBe(Date.UTC(2025, 2, 3, 8));
    const jan = new YearReference(Date.UTC(2026, 0, 2), DAY);
    expect(entry('Dec 31 23:59:59 h app: x', jan).ts).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
    expect(entry('Jan  1 00:00:01 h app: x', jan).ts).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
  });

  it('an RFC 3339 timestamp (rsyslog high precision) with host and tag', () => {
    const e = entry('2025-12-09T10:17:05.801234+01:00 web-1 nginx[88]: upstream timed out');
    expect(e).toMatchObject({
      ts: Date.UTC(2025, 11, 9, 9, 17, 5, 801),
      service: 'nginx',
      message: 'upstream timed out',
      attributes: { host: 'web-1', pid: '88' },
    });
  });
});

describe('combined access logs', () => {
  const line =
    '10.4.68.186 - - [08/Dec/2025:16:00:00 +0000] "POST /v2/partners/orders HTTP/1.1" 502 141 "-" "Go-http-client/1.1" 2.217';

  it('the status is the level; status, method, path, bytes and request time are attributes; the message keeps request and status', () => {
    expect(entry(line)).toEqual({
      ts: Date.UTC(2025, 11, 8, 16),
      level: 'ERROR',
      message: 'POST /v2/partners/orders HTTP/1.1 502 Bad Gateway',
      attributes: {
        client: '10.4.68.186',
        status: 502,
        method: 'POST',
        path: '/v2/partners/orders',
        bytes: 141,
        request_time: 2.217,
      },
    });
  });

  it.each([
    [404, 'WARN'],
    [429, 'WARN'],
    [200, 'INFO'],
    [304, 'INFO'],
    [503, 'ERROR'],
  ])('status %i -> %s', (status, level) => {
    expect(entry(line.replace(' 502 ', ` ${status} `)).level).toBe(level);
  });

  it('honours the offset, and reads the common format (no referer, agent or time) and a host name first', () => {
    const e = entry('api.example.com - frank [10/Oct/2025:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(e.ts).toBe(Date.UTC(2025, 9, 10, 20, 55, 36));
    expect(e.attributes).toEqual({
      client: 'api.example.com',
      status: 200,
      method: 'GET',
      path: '/apache_pb.gif',
      bytes: 2326,
    });
  });
});

describe('klog', () => {
  it('reads level letter, yearless date, thread and source', () => {
    expect(
      entry('E1209 09:17:05.801234    1 controller.go:114] "Failed to sync" err="context deadline exceeded"'),
    ).toEqual({
      ts: Date.UTC(2025, 11, 9, 9, 17, 5, 801),
      level: 'ERROR',
      message: '"Failed to sync" err="context deadline exceeded"',
      attributes: { thread: '1', source: 'controller.go:114' },
      inferredYear: true,
    });
    expect(entry('I1209 09:17:05.000001   77 leaderelection.go:250] attempting to acquire leader lease').level).toBe(
      'INFO',
    );
    expect(entry('W1209 09:17:05.000001   77 reflector.go:1] watch closed').level).toBe('WARN');
    expect(entry('F1209 09:17:05.000001   77 main.go:9] cannot start').level).toBe('FATAL');
  });
});

describe('LogHub timestamp shapes', () => {
  it.each([
    [
      'HDFS',
      '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating',
      Date.UTC(2008, 10, 9, 20, 36, 15),
      'INFO',
    ],
    [
      'Spark',
      '17/06/09 20:10:40 WARN executor.Executor: Told to re-register',
      Date.UTC(2017, 5, 9, 20, 10, 40),
      'WARN',
    ],
    [
      'Hadoop',
      '2015-10-18 18:01:47,978 ERROR [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Error starting',
      Date.UTC(2015, 9, 18, 18, 1, 47, 978),
      'ERROR',
    ],
    [
      'Zookeeper',
      '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
      Date.UTC(2015, 6, 29, 19, 4, 29, 71),
      'WARN',
    ],
    [
      'Windows',
      '2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455 WcpInitialize',
      Date.UTC(2016, 8, 28, 4, 30, 31),
      'INFO',
    ],
    [
      'Android',
      '03-17 16:13:38.811  1702  2395 E WindowManager: failed',
      Date.UTC(2025, 2, 17, 16, 13, 38, 811),
      'ERROR',
    ],
    [
      'HealthApp',
      '20171223-23:1:5:77|Step_LSC|30002312|onStandStepChanged 3579',
      Date.UTC(2017, 11, 23, 23, 1, 5, 77),
      'INFO',
    ],
    [
      'Apache',
      '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
      Date.UTC(2005, 11, 4, 4, 47, 44),
      'ERROR',
    ],
    [
      'Proxifier',
      '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy',
      Date.UTC(2025, 9, 30, 16, 49, 6),
      'INFO',
    ],
    [
      'OpenStack',
      'nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-1] GET',
      Date.UTC(2017, 4, 16, 0, 0, 0, 8),
      'INFO',
    ],
    [
      'BGL',
      '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error',
      1117838570_000,
      'FATAL',
    ],
    [
      'Thunderbird',
      '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed for user root',
      1131566461_000,
      'INFO',
    ],
    [
      'HPC',
      '134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change: Component is unavailable',
      1077804742_000,
      'INFO',
    ],
    ['epoch seconds', '1700000000.250 ERROR [svc] boom', 1700000000_250, 'ERROR'],
  ])('%s', (_system, line, ts, level) => {
    const e = entry(line);
    expect(e.ts).toBe(ts);
    expect(e.level).toBe(level);
  });

  it('keeps the message after the level, and an alert label as attribute', () => {
    expect(
      entry(
        '- 1117838570 2005.06.03 R02 2005-06-03-15.42.50.675872 R02 RAS KERNEL INFO instruction cache parity error corrected',
      ).message,
    ).toBe('instruction cache parity error corrected');
    expect(
      entry(
        'APPREAD 1117869872 2005.06.04 R04 2005-06-04-00.24.32.432192 R04 RAS APP FATAL ciod: failed to read message',
      ).attributes,
    ).toMatchObject({ label: 'APPREAD' });
  });
});

describe('UTC offsets are respected in every format', () => {
  const utc = Date.UTC(2025, 0, 15, 12, 45, 2);
  it.each([
    ['plain, +02:00', '2025-01-15T14:45:02+02:00 ERROR [svc] x'],
    ['plain, space and +0200', '2025-01-15 14:45:02 +0200 ERROR [svc] x'],
    ['plain, -0500', '2025-01-15 07:45:02-0500 ERROR x'],
    ['JSON', '{"timestamp":"2025-01-15T14:45:02+02:00","level":"error","message":"x"}'],
    ['logfmt', 'ts=2025-01-15T09:45:02-03:00 level=error msg=x'],
    ['access log', '1.2.3.4 - - [15/Jan/2025:14:45:02 +0200] "GET / HTTP/1.1" 500 1'],
    ['syslog 5424', '<11>1 2025-01-15T14:45:02+02:00 h app - - - x'],
  ])('%s', (_form, line) => {
    expect(entry(line).ts).toBe(utc);
  });
});
