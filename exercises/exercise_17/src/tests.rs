use super::{Pool, Report, Shutdown};
use crossbeam_channel::{bounded, unbounded, Sender};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Barrier};
use std::thread;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "shutdown 没有结束：工作线程还在等下一个任务吗？Pool 里那份 Sender 要先 drop，\
                    工作线程的 `for job in queue` 才会在队列取空后结束。Abort 时要在 join 之前，\
                    先把队列里还没开始的任务取出来 drop 掉（try_iter / try_recv）";

/// 关停线程池；shutdown 本身 panic 时给出说明，而不是一句含糊的 unwrap 失败。
fn shut_down(pool: Pool, mode: Shutdown) -> Report {
    panic::catch_unwind(AssertUnwindSafe(|| pool.shutdown(mode))).unwrap_or_else(|_| {
        panic!(
            "shutdown panic 了：是不是有工作线程因为任务 panic 而死掉，join 返回了 Err？\
             用 std::panic::catch_unwind 把任务的 panic 拦在工作线程里"
        )
    })
}

/// 提交 `workers` 个任务占住每一个工作线程，等它们都开始后返回闸门：drop 它，任务才结束。
/// 之后提交的任务在闸门打开之前一定还在排队。
fn occupy_every_worker(pool: &Pool, workers: usize) -> Sender<()> {
    let (started_tx, started) = bounded(0);
    let (open_gate, gate) = bounded::<()>(0);
    for _ in 0..workers {
        let started_tx = started_tx.clone();
        let gate = gate.clone();
        pool.submit(move || {
            started_tx.send(()).unwrap();
            let _ = gate.recv();
        });
    }
    for _ in 0..workers {
        started.recv().unwrap();
    }
    open_gate
}

#[test]
fn drain_runs_every_accepted_job_exactly_once() {
    deadline(HINT, || {
        let pool = Pool::new(4);
        let (ran_tx, ran) = unbounded();
        let ids: Vec<u32> = (0..1000).collect();
        for &id in &ids {
            let ran_tx = ran_tx.clone();
            pool.submit(move || ran_tx.send(id).unwrap());
        }
        drop(ran_tx);
        let report = shut_down(pool, Shutdown::Drain);
        assert_eq!(
            report,
            Report {
                completed: 1000,
                panicked: 0,
                discarded: 0
            },
            "Drain：提交的 1000 个任务都应当运行完"
        );
        assert_exactly_once(&ids, &ran.iter().collect::<Vec<_>>());
    });
}

#[test]
fn the_workers_really_run_in_parallel() {
    const HINT_PARALLEL: &str =
        "3 个任务在同一个 Barrier 上互相等待，只有 3 个工作线程同时运行时它们才能通过：\
                                 是不是只启动了一个工作线程？";
    deadline(HINT_PARALLEL, || {
        let pool = Pool::new(3);
        let barrier = Arc::new(Barrier::new(3));
        for _ in 0..3 {
            let barrier = Arc::clone(&barrier);
            pool.submit(move || {
                barrier.wait();
            });
        }
        assert_eq!(shut_down(pool, Shutdown::Drain).completed, 3);
    });
}

#[test]
fn a_panicking_job_does_not_take_the_pool_down() {
    deadline(HINT, || {
        let pool = Pool::new(1);
        let (ran_tx, ran) = unbounded();
        pool.submit(|| panic!("任务故意 panic（测试的一部分）"));
        for id in 0..50u32 {
            let ran_tx = ran_tx.clone();
            pool.submit(move || ran_tx.send(id).unwrap());
        }
        drop(ran_tx);
        let report = shut_down(pool, Shutdown::Drain);
        let ran: Vec<u32> = ran.iter().collect();
        assert_eq!(
            ran.len(),
            50,
            "消息丢失：唯一的工作线程遇到 panic 的任务后，50 个任务只运行了 {} 个。\
             任务的 panic 要用 catch_unwind 拦住，工作线程才能继续",
            ran.len()
        );
        assert_eq!(
            report,
            Report {
                completed: 50,
                panicked: 1,
                discarded: 0
            },
            "1 个任务 panic，50 个任务运行完"
        );
    });
}

#[test]
fn every_worker_survives_many_panics() {
    deadline(HINT, || {
        let pool = Pool::new(2);
        for i in 0..110u32 {
            pool.submit(move || {
                if i % 11 == 0 {
                    panic!("任务 {i} 故意 panic（测试的一部分）");
                }
            });
        }
        assert_eq!(
            shut_down(pool, Shutdown::Drain),
            Report {
                completed: 100,
                panicked: 10,
                discarded: 0
            },
            "110 个任务里有 10 个 panic：应当 100 个完成、10 个 panic"
        );
    });
}

#[test]
fn abort_discards_the_jobs_that_have_not_started() {
    deadline(HINT, || {
        let pool = Pool::new(1);
        // 第一个任务占住唯一的工作线程，直到测试打开闸门。
        let open_gate = occupy_every_worker(&pool, 1);
        // 后面 10 个任务只能排队。每个任务带着一个回复 Sender：任务被丢弃时，它随之 drop。
        let mut replies = Vec::new();
        for id in 1..=10u32 {
            let (reply_tx, reply) = bounded(1);
            pool.submit(move || reply_tx.send(id).unwrap());
            replies.push((id, reply));
        }
        let shutting_down = thread::spawn(move || pool.shutdown(Shutdown::Abort));
        for (id, reply) in replies {
            assert!(
                reply.recv().is_err(),
                "任务 {id} 在 Abort 之后仍然运行了：还没开始的任务应当被丢弃"
            );
        }
        // 排队的任务都已丢弃，现在才放行正在运行的那一个。
        drop(open_gate);
        let report = shutting_down
            .join()
            .expect("shutdown 不应 panic（工作线程要拦住任务的 panic）");
        assert_eq!(
            report,
            Report {
                completed: 1,
                panicked: 0,
                discarded: 10
            },
            "Abort：正在运行的 1 个任务完成，排队的 10 个被丢弃"
        );
    });
}

#[test]
fn abort_still_accounts_for_every_job() {
    deadline(HINT, || {
        let pool = Pool::new(2);
        // 两个任务占住两个工作线程，于是 Abort 时后面的 998 个一定还在排队。
        let open_gate = occupy_every_worker(&pool, 2);
        let (ran_tx, ran) = unbounded();
        for id in 2..1000u32 {
            let ran_tx = ran_tx.clone();
            pool.submit(move || ran_tx.send(id).unwrap());
        }
        drop(ran_tx);
        let shutting_down = thread::spawn(move || pool.shutdown(Shutdown::Abort));
        // 每个排队的任务都带着一个 ran_tx：它们全被丢弃（或运行）之后 ran 才断开。
        let ran: Vec<u32> = ran.iter().collect();
        drop(open_gate);
        let report = shutting_down
            .join()
            .expect("shutdown 不应 panic（工作线程要拦住任务的 panic）");
        assert_eq!(
            report.completed + report.panicked + report.discarded,
            1000,
            "任务丢失：提交了 1000 个任务，completed + panicked + discarded 只有 {}",
            report.completed + report.panicked + report.discarded
        );
        assert_eq!(
            report.completed,
            ran.len() + 2,
            "Report 说完成了 {} 个任务，实际运行了 {} 个",
            report.completed,
            ran.len() + 2
        );
        let mut unique = ran.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ran.len(), "消息重复：有任务运行了不止一次");
    });
}

#[test]
fn shutting_down_an_idle_pool_returns_at_once() {
    deadline(HINT, || {
        for mode in [Shutdown::Drain, Shutdown::Abort] {
            let pool = Pool::new(4);
            assert_eq!(
                shut_down(pool, mode),
                Report::default(),
                "{mode:?}：没有任务的池子，关停应当立即返回全 0 的统计"
            );
        }
    });
}
