use super::{supervise, Report, Work, MAX_ATTEMPTS};
use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use test_support::{assert_exactly_once, deadline};

const HINT: &str =
    "supervise 没有结束：是不是一直在重试同一个任务（每个任务最多 MAX_ATTEMPTS 次）？\
                    工作线程死掉后有没有启动新的？它的任务通道随它一起没了，\
                    通道里的任务新线程拿不到，所以一次只交出一个任务。任务做完后有没有 drop 最后那个工作线程的任务 \
                    Sender，让它的 for 循环结束，再 join 它？";

/// 记录每次调用：哪个任务、在哪个线程上。
#[derive(Default)]
struct Log {
    calls: Vec<(u32, ThreadId)>,
}

/// 一个 Work：对 `panics_left` 里的任务先 panic 若干次，其余返回 job * 10。
fn flaky(panics: &[(u32, usize)], log: &Arc<Mutex<Log>>) -> Work {
    let left: Mutex<HashMap<u32, usize>> = Mutex::new(panics.iter().copied().collect());
    let log = Arc::clone(log);
    Arc::new(move |job| {
        log.lock()
            .unwrap()
            .calls
            .push((job, thread::current().id()));
        let must_panic = {
            let mut left = left.lock().unwrap();
            match left.get_mut(&job) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            }
        };
        if must_panic {
            panic!("任务 {job} 故意 panic（测试的一部分）");
        }
        u64::from(job) * 10
    })
}

/// 运行 supervise；它自己 panic 时给出说明。
fn run(jobs: Vec<u32>, work: Work) -> Report {
    panic::catch_unwind(AssertUnwindSafe(|| supervise(jobs, work))).unwrap_or_else(|_| {
        panic!(
            "supervise 自己 panic 了：工作线程 panic 后 join 返回 Err，不能 unwrap/expect 它；\
             recv 返回 Err 也不是监督者该 panic 的理由，而是该重启的信号"
        )
    })
}

fn attempts_of(log: &Arc<Mutex<Log>>, job: u32) -> usize {
    log.lock()
        .unwrap()
        .calls
        .iter()
        .filter(|(j, _)| *j == job)
        .count()
}

fn check_done(report: &Report, expected: &[u32]) {
    let done: Vec<u32> = report.done.iter().map(|&(job, _)| job).collect();
    for &(job, result) in &report.done {
        assert_eq!(
            result,
            u64::from(job) * 10,
            "任务 {job} 的结果应当是 {}，实际是 {result}",
            u64::from(job) * 10
        );
    }
    for job in expected {
        assert!(
            done.contains(job),
            "任务 {job} 丢了：它没有出现在 done 里。工作线程死掉时手里那个任务，要重新交给新的工作线程"
        );
    }
    assert_exactly_once(expected, &done);
}

#[test]
fn without_panics_every_job_is_done_once() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        let jobs: Vec<u32> = (0..100).collect();
        let report = run(jobs.clone(), flaky(&[], &log));
        check_done(&report, &jobs);
        assert!(report.failed.is_empty(), "没有任务 panic，failed 应当为空");
        assert_eq!(report.restarts, 0, "没有工作线程死掉，restarts 应当是 0");
    });
}

#[test]
fn no_jobs_is_fine() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        assert_eq!(run(Vec::new(), flaky(&[], &log)), Report::default());
    });
}

#[test]
fn the_job_held_by_a_dead_worker_is_retried_not_lost() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        let jobs: Vec<u32> = (0..20).collect();
        let report = run(jobs.clone(), flaky(&[(7, 1)], &log));
        check_done(&report, &jobs);
        assert_eq!(
            report.restarts, 1,
            "任务 7 让工作线程死了一次，restarts 应当是 1"
        );
        assert_eq!(
            attempts_of(&log, 7),
            2,
            "任务 7 应当尝试 2 次：一次 panic，一次成功"
        );
        for job in jobs.iter().filter(|&&j| j != 7) {
            assert_eq!(
                attempts_of(&log, *job),
                1,
                "任务 {job} 已经成功过，不该再运行一次：只重试死掉的线程手里那一个任务"
            );
        }
    });
}

#[test]
fn a_job_that_always_panics_is_given_up_after_max_attempts() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        let jobs: Vec<u32> = (0..10).collect();
        let report = run(jobs.clone(), flaky(&[(3, usize::MAX)], &log));
        assert_eq!(
            attempts_of(&log, 3),
            MAX_ATTEMPTS,
            "任务 3 每次都 panic：它应当恰好尝试 MAX_ATTEMPTS = {MAX_ATTEMPTS} 次，然后放弃"
        );
        assert_eq!(report.failed, vec![3], "任务 3 应当被记进 failed");
        assert_eq!(
            report.restarts, MAX_ATTEMPTS,
            "任务 3 让工作线程死了 {MAX_ATTEMPTS} 次，restarts 应当是 {MAX_ATTEMPTS}（放弃的那一次也算）"
        );
        let others: Vec<u32> = jobs.into_iter().filter(|&j| j != 3).collect();
        check_done(&report, &others);
    });
}

#[test]
fn many_deaths_in_a_row() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        let jobs: Vec<u32> = (0..8).collect();
        let panics: Vec<(u32, usize)> = jobs.iter().map(|&j| (j, 2)).collect();
        let report = run(jobs.clone(), flaky(&panics, &log));
        check_done(&report, &jobs);
        assert_eq!(
            report.restarts, 16,
            "8 个任务各 panic 2 次，restarts 应当是 16"
        );
    });
}

#[test]
fn a_restart_really_starts_a_new_thread() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        run(vec![1, 2, 3], flaky(&[(2, 1)], &log));
        let calls = log.lock().unwrap().calls.clone();
        let threads: HashSet<ThreadId> = calls.iter().map(|&(_, t)| t).collect();
        assert_eq!(
            threads.len(),
            2,
            "一次 panic 之后应当正好有 2 个工作线程运行过任务，实际是 {}：\
             panic 的线程已经死了，要启动一个新线程接着干（不要在工作线程里 catch_unwind 代替重启）",
            threads.len()
        );
        let id_of = |job: u32| calls.iter().rev().find(|&&(j, _)| j == job).unwrap().1;
        assert_ne!(
            id_of(1),
            id_of(3),
            "任务 1 和任务 3 应当在不同的线程上运行：中间那个线程 panic 了"
        );
    });
}

#[test]
fn every_worker_has_ended_when_supervise_returns() {
    deadline(HINT, || {
        let log = Arc::new(Mutex::new(Log::default()));
        let work = flaky(&[(0, 1)], &log);
        run(vec![0, 1, 2], Arc::clone(&work));
        assert_eq!(
            Arc::strong_count(&work),
            1,
            "supervise 返回时还有工作线程拿着 work：最后一个工作线程要先 drop 它的任务 Sender \
             让循环结束，再 join"
        );
    });
}
