use super::run_pool;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "线程找不到任务时是怎样决定退出的？\
                    (1) 一时找不到就退出：别的线程正在执行的任务还可能产生新任务，\
                    需要“还有多少任务没做完”的计数，归零才算全部做完；\
                    (2) 永远不退出：计数归零后，空闲的线程也要结束，否则 scope 永远等不到它们。";

#[test]
fn every_task_runs_exactly_once() {
    deadline(HINT, || {
        let calls = AtomicUsize::new(0);
        let tasks: Vec<u64> = (0..10_000).collect();
        let got = run_pool(4, tasks.clone(), |task, _spawned| {
            calls.fetch_add(1, Ordering::Relaxed);
            task * 3
        });
        let expected: Vec<u64> = tasks.iter().map(|task| task * 3).collect();
        assert_exactly_once(&expected, &got);
        assert_eq!(
            calls.load(Ordering::Relaxed),
            10_000,
            "work 应对每个任务恰好调用一次"
        );
    });
}

#[test]
fn spawned_tasks_run_exactly_once() {
    deadline(HINT, || {
        // 任务 n 产生任务 2n 和 2n + 1：从 1 出发，长成一棵有 4095 个结点的二叉树。
        let got = run_pool(4, vec![1u32], |n, spawned| {
            if 2 * n < 4096 {
                spawned.push(2 * n);
                spawned.push(2 * n + 1);
            }
            n
        });
        let expected: Vec<u32> = (1..4096).collect();
        assert_exactly_once(&expected, &got);
    });
}

#[test]
fn a_long_chain_of_spawned_tasks() {
    deadline(HINT, || {
        // 每个任务只产生下一个任务：任何时刻最多只有一个任务可做，其余线程长时间空闲。
        let got = run_pool(3, vec![0u32], |n, spawned| {
            if n + 1 < 2_000 {
                spawned.push(n + 1);
            }
            n
        });
        let expected: Vec<u32> = (0..2_000).collect();
        assert_exactly_once(&expected, &got);
    });
}

#[test]
fn idle_workers_keep_looking_while_tasks_may_still_appear() {
    deadline(HINT, || {
        const WORKERS: usize = 4;
        // 四个子任务必须**同时**在四个不同的线程上运行，才能一起通过这道栅栏。
        let all_running = Barrier::new(WORKERS);
        let got = run_pool(
            WORKERS,
            vec![None],
            |task: Option<usize>, spawned| match task {
                None => {
                    // 种子任务先忙一阵——这期间别的线程找不到任何任务——然后才产生子任务。
                    let mut x = 0u64;
                    for i in 0..2_000_000u64 {
                        x = black_box(x ^ i);
                    }
                    black_box(x);
                    spawned.extend((0..WORKERS).map(Some));
                    usize::MAX
                }
                Some(child) => {
                    all_running.wait();
                    child
                }
            },
        );
        let mut expected: Vec<usize> = (0..WORKERS).collect();
        expected.push(usize::MAX);
        assert_exactly_once(&expected, &got);
    });
}

#[test]
fn more_workers_than_tasks() {
    deadline(HINT, || {
        let got = run_pool(16, vec!['a', 'b', 'c'], |c, _spawned| {
            c.to_ascii_uppercase()
        });
        assert_exactly_once(&['A', 'B', 'C'], &got);
    });
}

#[test]
fn no_tasks_at_all() {
    deadline(HINT, || {
        let got: Vec<u8> = run_pool(4, Vec::<u8>::new(), |task, _spawned| task);
        assert!(got.is_empty(), "没有任务，结果应为空");
    });
}

#[test]
fn zero_workers_means_one() {
    deadline(HINT, || {
        let got = run_pool(0, (0..10).collect(), |n: i32, _spawned| -n);
        let expected: Vec<i32> = (0..10).map(|n| -n).collect();
        assert_exactly_once(&expected, &got);
    });
}

#[test]
fn a_panicking_task_ends_the_pool_with_a_panic() {
    deadline(
        "有任务 panic 时，run_pool 卡住了：panic 的那个线程没来得及把“还没做完的任务数”减一，\
         其余线程以为还有任务会出现，永远等下去。用一个在 drop 时减一的守卫（drop guard），\
         或者用 catch_unwind 接住任务的 panic。",
        || {
            let outcome = std::panic::catch_unwind(|| {
                run_pool(2, (0..100).collect::<Vec<u32>>(), |n, _spawned| {
                    if n == 42 {
                        panic!("任务 42 出错了");
                    }
                    n
                })
            });
            assert!(
                outcome.is_err(),
                "任务 42 panic 了，run_pool 却正常返回了结果：任务的 panic 应当传给调用者\
                 （等所有线程结束后用 std::panic::resume_unwind 重新抛出），不能悄悄吞掉"
            );
        },
    );
}
