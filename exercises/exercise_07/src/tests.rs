use super::forward_paced;
use crossbeam_channel::{after, unbounded, Receiver};
use std::thread;
use std::time::{Duration, Instant};
use test_support::{assert_exactly_once, deadline};

/// 测试用的节拍：足够短，测试才快；又比线程调度的抖动长得多。
const INTERVAL: Duration = Duration::from_millis(10);

const HINT: &str =
    "tick 通道永远不会断开：循环是否由 input 的断开来结束（例如 `for message in input`），\
                    而不是 `for _ in ticker`？output 的 send 返回 Err 时是否停了下来？";

/// 在另一个线程里运行转发器，记下每条消息到达输出端的时刻，最后取回转发器的返回值。
fn run_forwarder(input: Receiver<u32>, interval: Duration) -> (Vec<(u32, Instant)>, usize) {
    let (output, arrivals) = unbounded();
    let forwarder = thread::spawn(move || forward_paced(input, output, interval));
    // forward_paced 返回时 drop 它拥有的 output，这个循环随之结束。
    let received: Vec<(u32, Instant)> = arrivals
        .iter()
        .map(|message| (message, Instant::now()))
        .collect();
    let forwarded = forwarder
        .join()
        .expect("forward_paced panic 了：还是 todo!()？或者对 send/recv 的结果用了 unwrap？");
    (received, forwarded)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
fn forwards_every_message_once_in_order() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        let sent: Vec<u32> = (0..20).collect();
        for &n in &sent {
            tx.send(n).unwrap();
        }
        drop(tx);
        let (arrivals, forwarded) = run_forwarder(rx, Duration::from_millis(5));
        let received: Vec<u32> = arrivals.iter().map(|&(n, _)| n).collect();
        assert_exactly_once(&sent, &received);
        assert_eq!(
            received, sent,
            "顺序变了：转发器只有一个线程，按收到的顺序转发就不会乱"
        );
        assert_eq!(
            forwarded, 20,
            "返回值应是成功转发的条数：转发了 20 条，却返回 {forwarded}"
        );
    });
}

#[test]
fn keeps_the_pace() {
    deadline(HINT, || {
        const COUNT: u32 = 10;
        let (tx, rx) = unbounded();
        for n in 0..COUNT {
            tx.send(n).unwrap();
        }
        drop(tx);
        let start = Instant::now();
        let (arrivals, _) = run_forwarder(rx, INTERVAL);
        assert_eq!(arrivals.len(), COUNT as usize, "消息丢失：有消息没有转发");
        for (k, &(_, at)) in arrivals.iter().enumerate() {
            let earliest = INTERVAL * k as u32;
            let elapsed = at - start;
            assert!(
                elapsed >= earliest,
                "太快了：第 {k} 条消息在开始后 {:.1} ms 就到了，按每 {} ms 一条，至少要 {} ms。\
                 是不是没有在每次转发之前等一拍（ticker.recv()）？",
                millis(elapsed),
                INTERVAL.as_millis(),
                earliest.as_millis()
            );
        }
        // 相邻两条之间的间隔取中位数：偶尔一次调度延迟不影响它，每条都多等的答案却躲不过。
        let mut gaps: Vec<Duration> = arrivals.windows(2).map(|w| w[1].1 - w[0].1).collect();
        gaps.sort();
        let median = gaps[gaps.len() / 2];
        assert!(
            median < INTERVAL * 17 / 10,
            "太慢了：相邻两条消息的间隔（中位数）是 {:.1} ms，节拍是 {} ms。\
             每条消息只需要等一拍（一次 ticker.recv()），不要再额外等待",
            millis(median),
            INTERVAL.as_millis()
        );
        // 宽松的上限：只抓“每条消息等了好几拍”这类错误，不因机器慢而误报。
        let total = start.elapsed();
        let generous = INTERVAL * COUNT * 20;
        assert!(
            total < generous,
            "太慢了：{COUNT} 条消息、每 {} ms 一条，用了 {:.0} ms。每条消息只需要等一拍",
            INTERVAL.as_millis(),
            millis(total)
        );
    });
}

#[test]
fn idle_time_does_not_buy_a_burst() {
    deadline(HINT, || {
        const BURST: u32 = 6;
        let (tx, rx) = unbounded();
        let collector = thread::spawn(move || run_forwarder(rx, INTERVAL));
        // 时间本身就是这个测试的主题：让转发器空闲 5 拍，再一次送来一批消息。
        after(INTERVAL * 5).recv().unwrap();
        let burst_start = Instant::now();
        for n in 0..BURST {
            if tx.send(n).is_err() {
                // 转发器已经结束，它拥有的 input 随之 drop：下面的断言会说明问题。
                break;
            }
        }
        drop(tx);
        let (arrivals, _) = collector.join().expect("转发器 panic 了：还是 todo!()？");
        assert_eq!(
            arrivals.len(),
            BURST as usize,
            "消息丢失：空闲之后送来的 {BURST} 条只转发了 {} 条。\
             转发器是不是在 input 暂时为空时就返回了（例如 try_recv 遇到 Empty 就结束）？",
            arrivals.len()
        );
        // tick 最多替你留一拍，所以允许一拍的余量：第 k 条不早于 (k - 1) 拍。
        for (k, &(_, at)) in arrivals.iter().enumerate().skip(1) {
            let earliest = INTERVAL * (k as u32 - 1);
            let elapsed = at - burst_start;
            assert!(
                elapsed >= earliest,
                "空闲之后来了一批消息，第 {k} 条在 {:.1} ms 就发出去了，至少要 {} ms：\
                 空闲时错过的节拍不能攒起来一次用掉（是不是按“开始时刻 + k × interval”排的时间表？）",
                millis(elapsed),
                earliest.as_millis()
            );
        }
    });
}

#[test]
fn returns_when_the_input_is_closed() {
    deadline(HINT, || {
        let (tx, rx) = unbounded();
        for n in 0..3 {
            tx.send(n).unwrap();
        }
        drop(tx);
        let (arrivals, forwarded) = run_forwarder(rx, INTERVAL);
        assert_eq!(
            arrivals.len(),
            3,
            "Sender 全部 drop 之前发出的 3 条消息都要转发"
        );
        assert_eq!(forwarded, 3, "返回值应是成功转发的条数");

        let (tx, rx) = unbounded::<u32>();
        drop(tx);
        let (arrivals, forwarded) = run_forwarder(rx, INTERVAL);
        assert!(arrivals.is_empty() && forwarded == 0, "没有消息时应返回 0");
    });
}

#[test]
fn stops_as_soon_as_the_output_is_gone() {
    const HINT_OUTPUT: &str = "output 的接收端已经 drop，send 会返回 Err：这时应当立即返回。\
                               如果继续循环，转发器会在 input.recv() 上一直等下去（测试故意让 input 的 Sender 活着）";
    deadline(HINT_OUTPUT, || {
        let (tx, input) = unbounded();
        let (output, arrivals) = unbounded::<u32>();
        drop(arrivals);
        tx.send(1).unwrap();
        let forwarder = thread::spawn(move || forward_paced(input, output, INTERVAL));
        let result = forwarder.join();
        // tx 一直活到这里：input 没有断开，只有 output 断开了。
        drop(tx);
        match result {
            Ok(forwarded) => assert_eq!(
                forwarded, 0,
                "没有人接收，没有一条消息转发成功，应返回 0"
            ),
            Err(_) => panic!(
                "转发器 panic 了（还是 todo!()？）：接收端不在时 send 返回 Err，这是“不用再转发了”的信号，\
                 应当返回，而不是 unwrap"
            ),
        }
    });
}

#[test]
fn waits_for_input_without_spinning() {
    use test_support::{assert_not_spinning, current_os_thread_id};
    deadline(HINT, || {
        let (tx, input) = unbounded::<u32>();
        let (output, _arrivals) = unbounded();
        let (tid_tx, tid_rx) = std::sync::mpsc::channel();
        // 转发器线程先报上自己的线程编号，测试才能量它的 CPU 时间。
        let forwarder = thread::spawn(move || {
            tid_tx.send(current_os_thread_id()).unwrap();
            forward_paced(input, output, INTERVAL)
        });
        // input 的 Sender 活着，但什么也不发：转发器应当阻塞在 input 上。
        if let Some(tid) = tid_rx.recv().unwrap() {
            assert_not_spinning(&[tid], Duration::from_millis(200), "转发器线程");
        }
        drop(tx);
        assert_eq!(
            forwarder.join().expect("转发器 panic 了"),
            0,
            "没有消息，应返回 0"
        );
    });
}
