use super::merge;
use crossbeam_channel::{unbounded, Receiver};
use std::thread;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "断开的输入在 Select 里永远“就绪”（recv 立即返回 Err）：\
                    收到 Err 之后是否用 remove(下标) 把它从 Select 里拿掉了？\
                    所有输入都断开之后，循环是否结束了？";

/// 消息里编进来源：第 `source` 个输入的第 `seq` 条消息。
fn message(source: usize, seq: usize) -> u64 {
    (source * 1_000_000 + seq) as u64
}

/// 检查合并结果：来源标记正确、每条消息恰好一次、每个输入内部保持顺序。
fn check(sent: &[Vec<u64>], merged: &[(usize, u64)]) {
    for &(source, value) in merged {
        let real = (value / 1_000_000) as usize;
        assert_eq!(
            source, real,
            "消息 {value} 来自输入 {real}，却被标成了 {source}：\
             是不是删除元素之后 Vec 的下标移动了？Select 给每个操作的下标在 remove 之后保持不变"
        );
    }
    let all_sent: Vec<u64> = sent.iter().flatten().copied().collect();
    let all_received: Vec<u64> = merged.iter().map(|&(_, value)| value).collect();
    assert_exactly_once(&all_sent, &all_received);
    for (source, expected) in sent.iter().enumerate() {
        let got: Vec<u64> = merged
            .iter()
            .filter(|&&(s, _)| s == source)
            .map(|&(_, value)| value)
            .collect();
        assert_eq!(
            &got, expected,
            "输入 {source} 的消息顺序变了：同一个通道的消息按发送顺序到达，合并时要按到达顺序追加"
        );
    }
}

/// 调用 merge；它 panic 时换成一条说明原因的中文信息。
fn merge_checked(inputs: Vec<Receiver<u64>>) -> Vec<(usize, u64)> {
    let any_inputs = !inputs.is_empty();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| merge(inputs))) {
        Ok(merged) => merged,
        Err(_) if !any_inputs => panic!(
            "没有输入时 merge panic 了：对空的 Select 调用 select() 会 panic——没有输入就直接返回空结果"
        ),
        Err(_) => panic!(
            "merge panic 了。常见原因：所有输入都断开并 remove 之后，Select 里一个操作也不剩，\
             再调用 select() 会 panic（记下还开着几个输入，为 0 时结束循环）；\
             或者用了另一个 Receiver 去完成被选中的操作（必须是 inputs[operation.index()]）"
        ),
    }
}

/// 启动一个生产者线程：发送 `values` 后 drop 它的 Sender。
fn producer(values: Vec<u64>) -> (Receiver<u64>, thread::JoinHandle<()>) {
    let (tx, rx) = unbounded();
    let handle = thread::spawn(move || {
        for value in values {
            // merge 提前返回（接收端被 drop）时发送会失败。这里不 panic，
            // 让后面的检查报告究竟丢了哪些消息。
            if tx.send(value).is_err() {
                break;
            }
        }
    });
    (rx, handle)
}

#[test]
fn one_input() {
    deadline(HINT, || {
        let sent = vec![(0..100).map(|seq| message(0, seq)).collect::<Vec<_>>()];
        let (rx, handle) = producer(sent[0].clone());
        let merged = merge_checked(vec![rx]);
        handle.join().unwrap();
        check(&sent, &merged);
    });
}

#[test]
fn many_inputs_every_message_exactly_once_in_order() {
    deadline(HINT, || {
        let sent: Vec<Vec<u64>> = (0..6)
            .map(|source| (0..500).map(|seq| message(source, seq)).collect())
            .collect();
        let (inputs, handles): (Vec<_>, Vec<_>) =
            sent.iter().map(|values| producer(values.clone())).unzip();
        let merged = merge_checked(inputs);
        for handle in handles {
            handle.join().unwrap();
        }
        check(&sent, &merged);
    });
}

#[test]
fn inputs_close_at_different_times() {
    deadline(HINT, || {
        // 输入 0：开始之前就已断开，而且是空的。
        let (tx0, rx0) = unbounded::<u64>();
        drop(tx0);
        // 输入 1：缓冲区里有 3 条消息，Sender 已经 drop。
        let (tx1, rx1) = unbounded();
        let first: Vec<u64> = (0..3).map(|seq| message(1, seq)).collect();
        for &value in &first {
            tx1.send(value).unwrap();
        }
        drop(tx1);
        // 输入 2：由一个线程发送，发完就断开。
        let second: Vec<u64> = (0..300).map(|seq| message(2, seq)).collect();
        let (rx2, handle2) = producer(second.clone());
        // 输入 3：要等输入 2 的生产者结束之后才开始发送——所以输入 2 断开时它还开着。
        let third: Vec<u64> = (0..300).map(|seq| message(3, seq)).collect();
        let (tx3, rx3) = unbounded();
        let values = third.clone();
        let handle3 = thread::spawn(move || {
            handle2.join().unwrap();
            for value in values {
                if tx3.send(value).is_err() {
                    break;
                }
            }
        });

        let merged = merge_checked(vec![rx0, rx1, rx2, rx3]);
        handle3.join().unwrap();
        check(&[vec![], first, second, third], &merged);
    });
}

#[test]
fn every_input_already_closed_and_empty() {
    deadline(HINT, || {
        let inputs: Vec<Receiver<u64>> = (0..4)
            .map(|_| {
                let (tx, rx) = unbounded();
                drop(tx);
                rx
            })
            .collect();
        assert!(
            merge_checked(inputs).is_empty(),
            "所有输入都是空的而且已断开：结果应为空，并且立即返回"
        );
    });
}

#[test]
fn no_inputs_at_all() {
    deadline(HINT, || {
        assert!(
            merge_checked(Vec::new()).is_empty(),
            "没有输入：结果应为空（注意：对空的 Select 调用 select() 会 panic）"
        );
    });
}

#[test]
fn waiting_for_silent_inputs_does_not_spin() {
    use std::time::Duration;
    use test_support::{assert_not_spinning, current_os_thread_id};
    deadline(HINT, || {
        let (senders, inputs): (Vec<_>, Vec<_>) = (0..3).map(|_| unbounded::<u64>()).unzip();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        // 合并线程先报上自己的线程编号，测试才能量它的 CPU 时间。
        let merger = thread::spawn(move || {
            tid_tx.send(current_os_thread_id()).unwrap();
            merge(inputs)
        });
        // 三个输入都开着，但什么也不发：merge 应当阻塞在 select() 上。
        if let Some(tid) = tid_rx.recv().unwrap() {
            assert_not_spinning(&[tid], Duration::from_millis(200), "合并线程");
        }
        senders[1].send(message(1, 0)).unwrap();
        drop(senders);
        let merged = merger.join().expect("merge panic 了");
        check(&[vec![], vec![message(1, 0)], vec![]], &merged);
    });
}
