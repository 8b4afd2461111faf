use super::{spawn_pipeline, LineError};
use crossbeam_channel::{bounded, RecvTimeoutError, Sender};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;
use std::{panic, thread};
use test_support::deadline;

const HINT: &str =
    "流水线没有结束：每一段要在上游断开后结束循环，让自己的 Sender 随线程一起 drop；\
                    是不是有哪个 Sender 多 clone 了一份，或者留在了 spawn_pipeline 里？\
                    也可能是某一段在 send 失败（下游已经不在）之后没有 break，还在继续读上游";

/// 流水线各段（没有名字的线程）里发生过的 panic 次数。测试线程都有名字，不算在内。
static STAGE_PANICS: AtomicUsize = AtomicUsize::new(0);

/// 装一个数 panic 的钩子（只装一次），原来的钩子照常打印信息。
fn count_stage_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let print = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if thread::current().name().is_none() {
                STAGE_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            print(info);
        }));
    });
}

fn lines<I: IntoIterator<Item = i64>>(numbers: I) -> Vec<String> {
    numbers.into_iter().map(|n| n.to_string()).collect()
}

#[test]
fn squares_every_line_in_order() {
    deadline(HINT, || {
        let got: Vec<_> = spawn_pipeline(lines(0..1000), 4).iter().collect();
        assert_eq!(
            got.len(),
            1000,
            "消息丢失：输入 1000 行，只收到 {} 个结果",
            got.len()
        );
        for (i, result) in got.iter().enumerate() {
            let n = i as i64;
            assert_eq!(
                result,
                &Ok(n * n),
                "第 {i} 个结果应为 Ok({})：每一段只有一个线程、通道先进先出，顺序不应改变",
                n * n
            );
        }
    });
}

#[test]
fn bad_lines_become_errors_in_place() {
    deadline(HINT, || {
        let input = vec![
            "1".to_string(),
            "七".to_string(),
            " 3 ".to_string(),
            "9999999999".to_string(),
            "-4".to_string(),
        ];
        let got: Vec<_> = spawn_pipeline(input, 2).iter().collect();
        assert_eq!(
            got,
            vec![
                Ok(1),
                Err(LineError::NotANumber {
                    line: 1,
                    text: "七".to_string()
                }),
                Ok(9),
                Err(LineError::Overflow { line: 3 }),
                Ok(16),
            ],
            "坏行应当变成 Err 留在原来的位置（行号从 0 数起），后面的行照常处理"
        );
    });
}

#[test]
fn empty_input_closes_the_output() {
    deadline(HINT, || {
        let output = spawn_pipeline(Vec::new(), 2);
        assert_eq!(
            output.recv().ok(),
            None,
            "没有输入：输出端应当在所有阶段结束后断开"
        );
    });
}

#[test]
fn zero_capacity_works_too() {
    deadline(HINT, || {
        let got: Vec<_> = spawn_pipeline(lines(1..=5), 0).iter().collect();
        assert_eq!(
            got,
            [Ok(1), Ok(4), Ok(9), Ok(16), Ok(25)],
            "容量为 0 的通道是“当面交付”，流水线照样要工作"
        );
    });
}

#[test]
fn a_bounded_pipeline_holds_the_source_back() {
    deadline(HINT, || {
        const CAPACITY: usize = 2;
        // 调用者一个结果也不取时，在途的行最多是：三条通道各 CAPACITY 行，三个线程手里各 1 行。
        let bound = 3 * CAPACITY + 3;
        // 源头读到第 bound + 1 行时报警：有界的流水线永远走不到这一步。
        let (over_tx, over_rx) = bounded::<usize>(1);
        let input = (0..).map(move |n: usize| {
            if n == bound {
                let _ = over_tx.try_send(n + 1);
            }
            n.to_string()
        });
        let output = spawn_pipeline(input, CAPACITY);
        match over_rx.recv_timeout(Duration::from_millis(300)) {
            Ok(pulled) => panic!(
                "背压失效：调用者一个结果也没取，源头却已经读了 {pulled} 行，而三条容量为 {CAPACITY} \
                 的有界通道加上三个线程手里的，最多只允许 {bound} 行在途。是不是某条通道用了 unbounded()？"
            ),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                panic!("调用者还没有取消，源头线程却结束了（它 drop 了输入）")
            }
        }
        // 被挡住的流水线一取就动。
        for n in 0..5i64 {
            assert_eq!(output.recv(), Ok(Ok(n * n)), "第 {n} 个结果不对");
        }
    });
}

/// 一个没有尽头、会报告“我被 drop 了”的输入：源头线程结束时 drop 它，`_alive` 随之断开。
struct Lines {
    next: usize,
    pulled: Arc<AtomicUsize>,
    _alive: Sender<()>,
}

impl Iterator for Lines {
    type Item = String;

    /// 输入没有尽头：只有取消能让源头停下。
    fn next(&mut self) -> Option<String> {
        self.next += 1;
        self.pulled.fetch_add(1, Ordering::SeqCst);
        Some(self.next.to_string())
    }
}

#[test]
fn dropping_the_output_stops_every_stage() {
    count_stage_panics();
    deadline(HINT, || {
        const CAPACITY: usize = 2;
        let pulled = Arc::new(AtomicUsize::new(0));
        let (alive, source_gone) = bounded::<()>(0);
        let input = Lines {
            next: 0,
            pulled: pulled.clone(),
            _alive: alive,
        };
        let output = spawn_pipeline(input, CAPACITY);
        for _ in 0..5 {
            let item = output.recv().expect("输入还没读完，输出端不应断开");
            assert!(item.is_ok(), "每一行都是数字，却得到 {item:?}");
        }
        // 调用者不要更多结果了。
        drop(output);
        // 等到源头线程结束（它 drop 输入时，source_gone 断开）。
        assert!(source_gone.recv().is_err());
        let pulled = pulled.load(Ordering::SeqCst);
        let bound = 5 + 3 * CAPACITY + 4;
        assert!(
            pulled <= bound,
            "取消没有传到上游：调用者收了 5 个结果就 drop 了输出端，源头却读了 {pulled} 行（最多应是 {bound} 行）。\
             send 失败说明下游已经不在，这时要 break，让这一段结束、drop 它的 Receiver，上一段的 send 才会失败。\
             （某条通道是 unbounded() 的话，源头也会在取消之前就读出很多行）"
        );
        // 取消从下游一段段传到源头，源头是最后结束的：这时各段的 panic（如果有）都已经发生了。
        let panics = STAGE_PANICS.load(Ordering::SeqCst);
        assert_eq!(
            panics, 0,
            "取消时流水线的线程 panic 了 {panics} 次：调用者 drop 输出端是正常的取消，不是错误。\
             send 失败时要 break 结束这一段，不要 unwrap / expect"
        );
    });
}
