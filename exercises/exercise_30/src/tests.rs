//! 每个测试都是一个 loom 模型：loom 把闭包运行许多遍，穷举两个线程之间所有本质不同的交错，
//! 并检查每一次对 `UnsafeCell` 的访问是否有 happens-before 保护。普通测试跑一百万次也未必
//! 碰上的内存顺序错误，在这里是确定的失败。

use super::{channel, RecvError, TryRecvError};
use loom::sync::Arc;
use loom::thread;
use std::process::Command;
use test_support::deadline;

const HINT_ORDERING: &str = "loom 发现接收者读到的消息没有 happens-before 保护：\
     写消息之后设置 READY 要用 Release（compare_exchange 成功时的顺序），\
     读到 READY 要用 Acquire，两者配对，消息才保证完整可见。";

const HINT_CLOSED: &str = "发送者没发就被 drop 之后，接收者一直等不到结果：\
     Sender 的 Drop 要把状态从 EMPTY 改成“发送者已离开”（且不能覆盖 READY），recv 看到它就返回 Err(RecvError)。";

const HINT_KEEP_READY: &str =
    "发了的消息丢了：send 之后 Sender 被 drop，Drop 不能把 READY 覆盖成“发送者已离开”，\
     要用 compare_exchange(EMPTY, …) 只在还没发的时候修改状态。";

const HINT_TAKEN: &str =
    "同一条消息被取出了两次：try_recv 取走消息时要把状态改成 TAKEN，之后再调用返回 Disconnected。";

const HINT_RECEIVER_GONE: &str =
    "接收者已经离开，send 却没有把消息退回：Receiver 的 Drop 要把状态改成“接收者已离开”，\
     send 写完消息后用 compare_exchange(EMPTY, READY, …)，失败时把消息读回来、返回 Err(msg)。";

const HINT_DROP: &str =
    "没人取走的消息没有被 drop（或被 drop 了两次）：Receiver 的 Drop 看到状态是 READY 时，\
     要在槽里 drop 那条消息（assume_init_drop）。";

/// 子进程里设置的环境变量：有它时，`check` 直接运行 loom 模型。
const CHILD: &str = "EXERCISE_30_LOOM_CHILD";

/// 用 loom 检查 `model`。
///
/// loom 发现问题（或实现本身 panic）时，它清理其余线程的过程中常常会再 panic 一次，整个
/// 进程随即中止（abort），`cargo test` 什么信息也给不出。所以每个模型在子进程里运行：
/// 本进程只看子进程成功与否，失败时把中文提示和 loom 的报告一起报出来。
fn check(hint: &'static str, test_name: &str, model: impl Fn() + Send + Sync + 'static) {
    if std::env::var_os(CHILD).is_some() {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        builder.check(model);
        return;
    }
    let module = module_path!().split_once("::").map_or("tests", |(_, m)| m);
    let filter = format!("{module}::{test_name}");
    deadline(hint, move || {
        let exe = std::env::current_exe().expect("找不到测试程序本身");
        let out = Command::new(exe)
            .args([
                filter.as_str(),
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .output()
            .expect("无法启动运行 loom 模型的子进程");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let report: Vec<&str> = stderr
                .lines()
                .filter(|line| !line.trim_start().starts_with("at ") && !line.contains(": 0x"))
                .take(12)
                .collect();
            // 数据竞争（loom 叫它 causality violation）几乎总是内存顺序的问题，不管是哪个测试发现的。
            let hint = if stderr.contains("Causality violation") {
                HINT_ORDERING
            } else {
                hint
            };
            panic!("{hint}\nloom 的报告：\n{}", report.join("\n"));
        }
        assert!(
            stdout.contains("1 passed"),
            "子进程没有运行测试 {filter}：\n{stdout}"
        );
    });
}

#[test]
fn the_message_arrives_whole_across_threads() {
    check(
        HINT_ORDERING,
        "the_message_arrives_whole_across_threads",
        || {
            let (tx, rx) = channel();
            let sender = thread::spawn(move || tx.send(vec![1, 2, 3]).is_ok());
            assert_eq!(rx.recv(), Ok(vec![1, 2, 3]), "接收者没有收到发出的消息");
            assert!(sender.join().unwrap(), "接收者还在，send 不应该失败");
        },
    );
}

#[test]
fn try_recv_walks_through_empty_ready_taken() {
    check(
        HINT_TAKEN,
        "try_recv_walks_through_empty_ready_taken",
        || {
            let (tx, mut rx) = channel();
            // 两半的 Debug 不要求 T: Debug，也不去碰槽。
            assert!(format!("{tx:?}").starts_with("Sender"));
            assert!(format!("{rx:?}").starts_with("Receiver"));
            assert_eq!(
                rx.try_recv(),
                Err(TryRecvError::Empty),
                "还没发，应该是 Empty"
            );
            tx.send(7).unwrap();
            assert_eq!(rx.try_recv(), Ok(7));
            assert_eq!(
                rx.try_recv(),
                Err(TryRecvError::Disconnected),
                "同一条消息被取出了两次：try_recv 取走消息时要把状态改成 TAKEN"
            );
        },
    );
}

#[test]
fn a_sent_message_survives_the_senders_drop() {
    check(
        HINT_KEEP_READY,
        "a_sent_message_survives_the_senders_drop",
        || {
            let (tx, rx) = channel();
            let sender = thread::spawn(move || tx.send(5).is_ok()); // send 之后 tx 随即被 drop
            assert_eq!(
                rx.recv(),
                Ok(5),
                "发了的消息丢了：Sender 的 Drop 不能把 READY 覆盖掉"
            );
            sender.join().unwrap();
        },
    );
}

#[test]
fn a_sender_dropped_without_sending_disconnects() {
    check(
        HINT_CLOSED,
        "a_sender_dropped_without_sending_disconnects",
        || {
            let (tx, rx) = channel::<u32>();
            let t = thread::spawn(move || drop(tx));
            assert_eq!(
                rx.recv(),
                Err(RecvError),
                "发送者没发就走了，recv 应该返回 Err(RecvError)"
            );
            t.join().unwrap();
        },
    );
}

#[test]
fn send_after_the_receiver_left_returns_the_message() {
    check(
        HINT_RECEIVER_GONE,
        "send_after_the_receiver_left_returns_the_message",
        || {
            let (tx, rx) = channel();
            drop(rx);
            assert_eq!(
                tx.send(String::from("回信")),
                Err(String::from("回信")),
                "接收者已经离开，send 应该返回 Err 并把消息原样退回"
            );
        },
    );
}

#[test]
fn a_racing_receiver_drop_either_takes_or_returns_the_message() {
    check(
        HINT_RECEIVER_GONE,
        "a_racing_receiver_drop_either_takes_or_returns_the_message",
        || {
            let token = Arc::new(());
            let (tx, rx) = channel();
            let sent = Arc::clone(&token);
            let t = thread::spawn(move || drop(rx));
            // 两种结果都对：接收者先走，消息退回；否则消息进了槽，由接收者的 Drop 负责 drop。
            if let Err(back) = tx.send(sent) {
                drop(back);
            }
            t.join().unwrap();
            assert_eq!(Arc::strong_count(&token), 1, "{HINT_DROP}");
        },
    );
}

#[test]
fn an_unreceived_message_is_dropped_exactly_once() {
    check(
        HINT_DROP,
        "an_unreceived_message_is_dropped_exactly_once",
        || {
            let token = Arc::new(());
            let (tx, rx) = channel();
            tx.send(Arc::clone(&token)).unwrap();
            drop(rx);
            assert_eq!(Arc::strong_count(&token), 1, "{HINT_DROP}");
        },
    );
}
