use super::{ordered_map, Reorder};
use crossbeam_channel::{bounded, unbounded, TryRecvError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use test_support::{assert_exactly_once, deadline, HINT_SENDER_ALIVE};

const HINT_EARLY: &str = "能放出的结果要尽早放出：前面的结果都到了，却还在等后面的？\
                          收集者是不是收齐了全部结果才排序？也检查一下是否有 Sender 没有被 drop";

const HINT_PARALLEL: &str =
    "第 0 项被故意卡住，其余各项应当由别的工作线程算完：是不是只有一个线程在干活，\
                             或者工作线程按固定的份额分任务，卡住的线程把别人的任务也压住了？";

#[test]
fn reorder_releases_in_order_as_early_as_possible() {
    deadline(HINT_EARLY, || {
        let mut reorder = Reorder::new();
        assert_eq!(
            reorder.push(2, 'c'),
            Vec::<char>::new(),
            "序号 0 还没到，什么也不能放出"
        );
        assert_eq!(
            reorder.push(0, 'a'),
            ['a'],
            "序号 0 到了，应当立刻放出；序号 1 还没到，序号 2 要继续等"
        );
        assert_eq!(reorder.waiting(), 1, "序号 2 还压在缓冲区里");
        assert_eq!(
            reorder.push(1, 'b'),
            ['b', 'c'],
            "序号 1 到了：它和已经在等的序号 2 一起放出"
        );
        assert_eq!(reorder.waiting(), 0, "全部放出之后，缓冲区应当是空的");
        assert_eq!(reorder.push(3, 'd'), ['d'], "按顺序到达的值，到一个放一个");
    });
}

#[test]
fn reorder_handles_fully_reversed_input() {
    deadline(HINT_EARLY, || {
        let mut reorder = Reorder::new();
        for seq in (1..100u64).rev() {
            assert!(
                reorder.push(seq, seq).is_empty(),
                "序号 0 到达之前，序号 {seq} 不能放出"
            );
        }
        assert_eq!(reorder.waiting(), 99);
        assert_eq!(
            reorder.push(0, 0),
            (0..100).collect::<Vec<u64>>(),
            "序号 0 一到，0..100 应当按顺序一次放出"
        );
        assert_eq!(reorder.waiting(), 0);
    });
}

#[test]
fn results_come_out_in_input_order() {
    deadline(HINT_SENDER_ALIVE, || {
        // 工作量不均：小的数算得快，结果天然乱序到达。
        let inputs: Vec<u64> = (0..2000).map(|i| (i * 7919) % 2000).collect();
        let expected: Vec<u64> = inputs.iter().map(|x| x * x).collect();
        let got: Vec<u64> = ordered_map(inputs, 4, |x: u64| {
            for step in 0..(x % 64) * 50 {
                std::hint::black_box(step);
            }
            x * x
        })
        .iter()
        .collect();
        assert_eq!(
            got.len(),
            expected.len(),
            "消息丢失：输入 {} 个，只输出了 {} 个",
            expected.len(),
            got.len()
        );
        if let Some(i) = (0..got.len()).find(|&i| got[i] != expected[i]) {
            panic!(
                "顺序错误：第 {i} 个输出应为 {}，得到 {}。结果要带着序号，由 Reorder 恢复输入顺序",
                expected[i], got[i]
            );
        }
    });
}

#[test]
fn every_input_is_computed_exactly_once() {
    deadline(HINT_SENDER_ALIVE, || {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let inputs: Vec<u32> = (0..1500).collect();
        let got: Vec<u32> = ordered_map(inputs.clone(), 3, move |x: u32| {
            counter.fetch_add(1, Ordering::SeqCst);
            x + 1
        })
        .iter()
        .collect();
        let expected: Vec<u32> = inputs.iter().map(|x| x + 1).collect();
        assert_exactly_once(&expected, &got);
        assert_eq!(
            calls.load(Ordering::SeqCst),
            1500,
            "f 应当对每个输入恰好调用一次：有的输入被两个线程都算了，或者被漏掉了"
        );
    });
}

#[test]
fn the_first_result_is_not_held_back() {
    deadline(HINT_EARLY, || {
        let (open_gate, gate) = bounded::<()>(0);
        // 第 1 项卡在闸门上，直到测试 drop 掉 open_gate。
        let output = ordered_map(vec![0u32, 1, 2, 3], 4, move |x: u32| {
            if x == 1 {
                let _ = gate.recv();
            }
            x * 10
        });
        assert_eq!(
            output.recv(),
            Ok(0),
            "第 0 项已经算完，它前面没有别的项：应当立刻输出，而不是等第 1 项"
        );
        drop(open_gate);
        assert_eq!(
            output.iter().collect::<Vec<_>>(),
            [10, 20, 30],
            "第 1 项放行之后，其余结果按顺序输出"
        );
    });
}

#[test]
fn nothing_overtakes_a_slow_item() {
    deadline(HINT_PARALLEL, || {
        let (open_gate, gate) = bounded::<()>(0);
        let (done_tx, done) = unbounded::<u32>();
        let output = ordered_map((0..20u32).collect(), 4, move |x: u32| {
            if x == 0 {
                let _ = gate.recv();
            } else {
                done_tx.send(x).unwrap();
            }
            x
        });
        // 等其余 19 项都算完。
        for _ in 1..20 {
            done.recv().unwrap();
        }
        match output.try_recv() {
            Err(TryRecvError::Empty) => {}
            Ok(x) => panic!("第 0 项还没算完，第 {x} 项就先输出了：输出必须保持输入顺序"),
            Err(TryRecvError::Disconnected) => panic!("输出端提前断开了：还有第 0 项没有输出"),
        }
        drop(open_gate);
        assert_eq!(
            output.iter().collect::<Vec<_>>(),
            (0..20).collect::<Vec<u32>>(),
            "第 0 项放行之后，全部 20 项应当按顺序输出"
        );
    });
}

#[test]
fn empty_input_closes_the_output() {
    deadline(HINT_SENDER_ALIVE, || {
        let output = ordered_map(Vec::<u8>::new(), 2, |x: u8| x);
        assert!(
            output.recv().is_err(),
            "没有输入：输出端应当在收集者结束后断开"
        );
    });
}

#[test]
fn zero_workers_means_one() {
    deadline(HINT_SENDER_ALIVE, || {
        let got: Vec<i32> = ordered_map(vec![3, 1, 2], 0, |x: i32| -x).iter().collect();
        assert_eq!(got, [-3, -1, -2], "workers 为 0 时按 1 个工作线程处理");
    });
}
