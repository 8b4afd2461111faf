//! loom 穷举两个版本的全部线程交错：有缺陷的版本必须被找出来，修好的版本必须通过。

use ch09_loom::Channel;
use loom::sync::Arc;
use loom::thread;
use std::process::Command;

// ANCHOR: model
/// 模型：一个发送线程发一条消息，主线程用给定的接收方法收它。
///
/// loom 会把这个闭包运行很多遍，每遍选一种不同的交错；只要有一种交错里所有线程都睡着、
/// 没人能叫醒它们，loom 就报告死锁（panic）。
fn one_send_one_recv(recv: fn(&Channel<u32>) -> u32) {
    loom::model(move || {
        let channel = Arc::new(Channel::new());
        let sender = {
            let channel = Arc::clone(&channel);
            thread::spawn(move || channel.send(7))
        };
        assert_eq!(recv(&channel), 7);
        sender.join().unwrap();
    });
}
// ANCHOR_END: model

// ANCHOR: finds
/// 设置了这个环境变量，`racy_model` 才真正运行有缺陷的模型。
const RUN_RACY: &str = "CH09_LOOM_RUN_RACY";

/// 有缺陷的模型。loom 找到死锁时先 panic，随后在清理时再次 panic，整个进程随之中止
/// （abort），`catch_unwind` 接不住。所以它只在下面那个测试启动的子进程里运行。
#[test]
fn racy_model() {
    if std::env::var_os(RUN_RACY).is_some() {
        one_send_one_recv(Channel::recv_racy);
    }
}

#[test]
fn loom_finds_the_lost_wakeup_in_check_then_register() {
    // 用同一个测试程序启动子进程，只运行 racy_model；子进程里 loom 穷举交错。
    let child = Command::new(std::env::current_exe().expect("找不到测试程序自身"))
        .args(["--exact", "racy_model", "--nocapture", "--test-threads=1"])
        .env(RUN_RACY, "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("无法启动子进程");
    let report = String::from_utf8_lossy(&child.stderr);
    assert!(
        !child.status.success(),
        "loom 应当找到丢失唤醒：检查队列和登记等待分在两次加锁里，\
         send 落在两者之间时没有人叫醒接收者。子进程却成功结束了：{report}"
    );
    assert!(
        report.contains("deadlock"),
        "loom 应当报告死锁（所有线程都睡着了），实际输出是：{report}"
    );
}
// ANCHOR_END: finds

// ANCHOR: passes
#[test]
fn the_fixed_channel_passes_every_interleaving() {
    one_send_one_recv(Channel::recv);
}

/// flume 事故里的形状：两个接收者抢两条消息，被叫醒的接收者可能发现消息已经被另一个拿走，
/// 只好重新登记。修好的版本在每一种交错里都能收齐。
#[test]
fn the_fixed_channel_passes_with_two_receivers() {
    loom::model(|| {
        let channel = Arc::new(Channel::new());
        let receiver = {
            let channel = Arc::clone(&channel);
            thread::spawn(move || channel.recv())
        };
        let sender = {
            let channel = Arc::clone(&channel);
            thread::spawn(move || {
                channel.send(1);
                channel.send(2);
            })
        };
        let mine = channel.recv();
        let theirs = receiver.join().unwrap();
        sender.join().unwrap();
        let mut got = [mine, theirs];
        got.sort();
        assert_eq!(got, [1, 2], "两条消息应当各被收到一次");
    });
}
// ANCHOR_END: passes
