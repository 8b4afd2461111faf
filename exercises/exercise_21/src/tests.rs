use super::{process_all, CAPACITY};
use crossbeam_channel::unbounded;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use test_support::deadline;

const HINT_DEADLOCK: &str =
    "process_all 卡住了，多半是死锁。看 process_all 里送输入的那个循环：两个队列都满时，\
     送输入的线程在 job_tx.send 上等任务队列的空位，工作线程在 result_tx.send 上等结果队列的\
     空位，而结果队列要等送完输入才有人读——谁在等谁？把送输入交给 feed，放到另一个线程里，\
     让这个线程一开始就读结果；再确认任务队列的每个 Sender（包括克隆出来的）最后都被 drop 了";

/// 检查结果：个数、每个位置的值（顺序）都要对。
fn check(inputs: &[u64], results: &[u64], work: fn(u64) -> u64) {
    assert_eq!(
        results.len(),
        inputs.len(),
        "送进 {} 个输入，却收回 {} 个结果：是不是有输入被丢掉（try_send 失败就放弃？）或被处理了两次？",
        inputs.len(),
        results.len()
    );
    for (i, (&input, &got)) in inputs.iter().zip(results).enumerate() {
        assert_eq!(
            got,
            work(input),
            "第 {i} 个结果应当是 work({input}) = {}，实际是 {got}：结果的顺序要和输入的顺序一致，\
             只用一个工作线程、按队列顺序处理，顺序就不会乱",
            work(input)
        );
    }
}

fn square(n: u64) -> u64 {
    n * n
}

#[test]
fn a_few_inputs_come_back_in_order() {
    deadline(HINT_DEADLOCK, || {
        let inputs = vec![3, 1, 2];
        let results = process_all(inputs.clone().into_iter(), square);
        check(&inputs, &results, square);
    });
}

#[test]
fn no_inputs_give_no_results() {
    deadline(HINT_DEADLOCK, || {
        let results = process_all(std::iter::empty(), square);
        assert!(results.is_empty(), "没有输入时不应当有结果：{results:?}");
    });
}

#[test]
fn many_inputs_do_not_deadlock() {
    deadline(HINT_DEADLOCK, || {
        let inputs: Vec<u64> = (0..1000).rev().collect();
        let results = process_all(inputs.clone().into_iter(), square);
        check(&inputs, &results, square);
    });
}

#[test]
fn just_more_than_both_queues_hold_does_not_deadlock() {
    // 两个队列各装 CAPACITY 个，工作线程手里再拿 1 个：第 2 × CAPACITY + 2 个输入就送不进去了。
    deadline(HINT_DEADLOCK, || {
        let inputs: Vec<u64> = (0..2 * CAPACITY as u64 + 3).collect();
        let results = process_all(inputs.clone().into_iter(), |n| n + 1);
        check(&inputs, &results, |n| n + 1);
    });
}

#[test]
fn inputs_are_read_only_as_fast_as_the_worker_takes_them() {
    // 工作线程处理第一个输入时停下来等一会儿（最多 300 ms）。有背压时，这段时间里最多能读出
    // CAPACITY + 2 个输入：工作线程手里 1 个、队列里 CAPACITY 个、送输入的一方手里 1 个。
    // 读得更多，说明任务队列不再有界，或者输入被一次全部读进了内存。
    deadline(HINT_DEADLOCK, || {
        let limit = CAPACITY + 2;
        let pulled = Arc::new(AtomicUsize::new(0));
        let (too_far_tx, too_far_rx) = unbounded::<usize>();
        let inputs = {
            let pulled = Arc::clone(&pulled);
            (0..100u64).inspect(move |_| {
                let count = pulled.fetch_add(1, Ordering::SeqCst) + 1;
                if count > limit {
                    // 测试只关心第一次越界；接收端不在了也无妨。
                    let _ = too_far_tx.send(count);
                }
            })
        };
        let violation = Arc::new(Mutex::new(None));
        let work = {
            let violation = Arc::clone(&violation);
            move |n: u64| {
                if n == 0 {
                    if let Ok(count) = too_far_rx.recv_timeout(Duration::from_millis(300)) {
                        *violation.lock().unwrap() = Some(count);
                    }
                }
                n
            }
        };
        let results = process_all(inputs, work);
        if let Some(count) = *violation.lock().unwrap() {
            panic!(
                "任务队列没有背压：工作线程还在处理第一个输入，输入就已经被读出了 {count} 个\
                 （有界队列最多允许 {limit} 个）。任务队列要保持 bounded(CAPACITY)，\
                 也不要先把输入全部 collect 进 Vec"
            );
        }
        assert_eq!(results, (0..100).collect::<Vec<u64>>(), "结果不对");
    });
}

#[test]
fn one_worker_keeps_the_order() {
    // 第一个输入在工作线程里停一会儿（最多 300 ms）。只有一个工作线程时，第二个输入只能等它；
    // 如果第二个输入在这期间被处理了，说明有不止一个工作线程，结果的顺序就没有保证了。
    deadline(HINT_DEADLOCK, || {
        let (overtook_tx, overtook_rx) = unbounded::<()>();
        let overtaken = Arc::new(Mutex::new(false));
        let work = {
            let overtaken = Arc::clone(&overtaken);
            move |n: u64| {
                if n == 0 && overtook_rx.recv_timeout(Duration::from_millis(300)).is_ok() {
                    *overtaken.lock().unwrap() = true;
                }
                if n == 1 {
                    let _ = overtook_tx.send(());
                }
                n
            }
        };
        let results = process_all(0..10u64, work);
        assert!(
            !*overtaken.lock().unwrap(),
            "第 1 个输入还没处理完，第 2 个就被处理了：结果的顺序要和输入的顺序一致，\
             只用一个工作线程，按队列顺序处理"
        );
        assert_eq!(results, (0..10).collect::<Vec<u64>>(), "结果不对");
    });
}
