use super::parallel_map;
use std::sync::atomic::{AtomicUsize, Ordering};
use test_support::{assert_exactly_once, deadline, HINT_SENDER_ALIVE};

fn square(x: u64) -> u64 {
    x * x
}

#[test]
fn results_come_back_in_input_order() {
    deadline(HINT_SENDER_ALIVE, || {
        let inputs: Vec<u64> = (0..1000).rev().collect();
        let expected: Vec<u64> = inputs.iter().map(|&x| square(x)).collect();
        let got = parallel_map(inputs, 4, square);
        assert_eq!(got.len(), expected.len(), "结果数目应等于输入数目");
        if let Some(i) = (0..got.len()).find(|&i| got[i] != expected[i]) {
            panic!(
                "顺序错误：第 {i} 个结果应为 {}，得到 {}。工作线程的结果以任意顺序到达，\
                 需要随结果发回输入的下标",
                expected[i], got[i]
            );
        }
    });
}

#[test]
fn every_input_is_computed_exactly_once() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    fn counted(x: u64) -> u64 {
        CALLS.fetch_add(1, Ordering::Relaxed);
        x + 1
    }
    deadline(HINT_SENDER_ALIVE, || {
        let inputs: Vec<u64> = (0..777).collect();
        let got = parallel_map(inputs.clone(), 3, counted);
        let expected: Vec<u64> = inputs.iter().map(|x| x + 1).collect();
        assert_exactly_once(&expected, &got);
        assert_eq!(
            CALLS.load(Ordering::Relaxed),
            777,
            "f 应对每个输入恰好调用一次：有的输入被分给了多个线程，或者被漏掉了"
        );
    });
}

#[test]
fn more_workers_than_inputs() {
    deadline(HINT_SENDER_ALIVE, || {
        assert_eq!(parallel_map(vec![3, 1, 2], 8, square), [9, 1, 4]);
    });
}

#[test]
fn a_single_worker_still_works() {
    deadline(HINT_SENDER_ALIVE, || {
        assert_eq!(
            parallel_map((1..=5).collect(), 1, square),
            [1, 4, 9, 16, 25]
        );
    });
}

#[test]
fn empty_input_gives_empty_output() {
    deadline(HINT_SENDER_ALIVE, || {
        assert_eq!(parallel_map(Vec::new(), 4, square), Vec::<u64>::new());
    });
}

#[test]
fn uses_more_than_one_thread() {
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::{self, ThreadId};
    static SEEN: Mutex<Option<HashSet<ThreadId>>> = Mutex::new(None);
    fn record(x: u64) -> u64 {
        SEEN.lock()
            .unwrap()
            .get_or_insert_with(HashSet::new)
            .insert(thread::current().id());
        x
    }
    deadline(HINT_SENDER_ALIVE, || {
        parallel_map((0..64).collect(), 4, record);
        let threads = SEEN.lock().unwrap().take().unwrap_or_default();
        assert!(
            !threads.contains(&thread::current().id()),
            "f 应在工作线程里调用，而不是在调用者的线程里"
        );
        assert!(
            threads.len() >= 2,
            "4 个工作线程、64 个输入，却只有 {} 个线程调用了 f：输入是否都分给了同一个线程？",
            threads.len()
        );
    });
}

#[test]
fn a_panicking_f_is_not_papered_over() {
    fn fails_on_13(x: u64) -> u64 {
        if x == 13 {
            panic!("这是测试故意让 f 在输入 13 上触发的 panic，用来检查结果会不会丢");
        }
        x
    }
    // 按数目收（`take(n)`）而原始 Sender 还活着的答案，会在这里永远等那条不会来的结果。
    const HINT: &str = concat!(
        "f panic 之后，它那个线程剩下的结果永远不会来：",
        "是否在按数目收（如 take(n)）而原始 Sender 没有 drop？",
        "drop 它，等通道断开，再检查缺了哪些结果"
    );
    deadline(HINT, || {
        // 先确认 f 不出错时一切正常（否则一个尚未实现、一调用就 panic 的答案也能通过）。
        assert_eq!(
            parallel_map((10..13).collect(), 4, fails_on_13),
            [10, 11, 12],
            "f 只在输入 13 上 panic，这里不应该出错"
        );
        let outcome = std::panic::catch_unwind(|| parallel_map((0..20).collect(), 4, fails_on_13));
        if let Ok(got) = outcome {
            panic!(
                "f 在输入 13 上 panic 了，parallel_map 却正常返回了 {got:?}：那个线程没算完的结果\
                 根本没有到达，那些位置上填的是默认值。通道断开只说明工作线程都结束了，\
                 不说明它们都交了结果——收完之后检查每个下标是否都收到了结果"
            );
        }
    });
}

#[test]
fn the_workers_really_run_at_the_same_time() {
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;
    static ARRIVED: Mutex<usize> = Mutex::new(0);
    static EVERYONE_HERE: Condvar = Condvar::new();
    /// 每次调用先“报到”，再等另一次调用也报到（最多 2 秒）。两个工作线程同时运行，
    /// 它们很快就会碰面；一个接一个地运行，第一个只能等到超时——这就是“栅栏”。
    fn meet(x: u64) -> u64 {
        let mut arrived = ARRIVED.lock().unwrap();
        *arrived += 1;
        EVERYONE_HERE.notify_all();
        let (_arrived, waited) = EVERYONE_HERE
            .wait_timeout_while(arrived, Duration::from_secs(2), |n| *n < 2)
            .unwrap();
        if waited.timed_out() {
            u64::MAX
        } else {
            x
        }
    }
    deadline(HINT_SENDER_ALIVE, || {
        let got = parallel_map(vec![0, 1], 2, meet);
        assert!(
            !got.contains(&u64::MAX),
            "2 个工作线程、2 个输入，两次 f 调用却没有同时进行（一个等了 2 秒也没等到另一个）：\
             工作线程是不是一个接一个地运行的（启动一个就 join 一个），或者输入全分给了同一个线程？"
        );
        assert_eq!(got, [0, 1], "结果不对");
    });
}

#[test]
fn zero_workers_means_one_worker() {
    deadline(HINT_SENDER_ALIVE, || {
        let outcome = std::panic::catch_unwind(|| parallel_map(vec![1, 2, 3], 0, square));
        match outcome {
            Ok(got) => assert_eq!(got, [1, 4, 9], "workers 为 0 时应当按 1 个工作线程计算"),
            Err(_) => panic!(
                "workers 为 0 时 parallel_map panic 了：规则是按 1 个工作线程处理\
                 （例如 `workers.max(1)`），不要拿 0 去做除数或取余"
            ),
        }
    });
}
