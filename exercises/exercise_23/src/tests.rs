use super::{Closed, Handle, Process, Service, QUEUE};
use crossbeam_channel::{bounded, unbounded};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;
use test_support::{assert_exactly_once, deadline};

const HINT: &str = "shutdown 没有结束：工作线程的 `for msg in rx` 要等队列的**所有** Sender 都被 drop \
                    才结束。Handle 里是不是各自拿着一个 Sender 的克隆（客户端的 Handle 还活着）？\
                    关门应当是把 intake 里唯一的 Sender take 出来 drop 掉；start 里原始的结果 Sender \
                    drop 了吗？";

fn times_ten() -> Process {
    Arc::new(|msg| u64::from(msg) * 10)
}

/// 检查 shutdown 的结果：每条已接受的消息恰好处理一次，结果正确。
fn check(accepted: &[u32], outputs: &[(u32, u64)]) {
    for &(msg, out) in outputs {
        assert_eq!(out, u64::from(msg) * 10, "消息 {msg} 的结果不对：{out}");
    }
    let processed: Vec<u32> = outputs.iter().map(|&(msg, _)| msg).collect();
    assert_exactly_once(accepted, &processed);
}

#[test]
fn shutdown_drains_every_accepted_message() {
    deadline(HINT, || {
        let service = Service::start(2, times_ten());
        let handle = service.handle();
        let sent: Vec<u32> = (0..200).collect();
        for &msg in &sent {
            assert_eq!(handle.submit(msg), Ok(()), "服务开着时 submit 应当返回 Ok");
        }
        drop(handle);
        check(&sent, &service.shutdown());
    });
}

#[test]
fn shutdown_waits_for_messages_still_in_the_queue() {
    deadline(HINT, || {
        // 工作线程处理每条消息前都要等闸门打开；闸门（gate_tx）被 drop 时打开。
        // 它每开始处理一条就报一声：测试等到第一声再关门，这样关门时工作线程一定卡在
        // 第 0 条上、其余 9 条一定还在队列里——不取决于工作线程启动得快不快。
        let (gate_tx, gate_rx) = bounded::<()>(0);
        let (busy_tx, busy_rx) = unbounded::<u32>();
        let process: Process = Arc::new(move |msg| {
            let _ = busy_tx.send(msg);
            let _ = gate_rx.recv();
            u64::from(msg) * 10
        });
        let service = Service::start(1, process);
        let handle = service.handle();
        let sent: Vec<u32> = (0..10).collect();
        for &msg in &sent {
            handle.submit(msg).unwrap();
        }
        busy_rx.recv().expect("工作线程没有开始处理消息就退出了");
        let (done_tx, done_rx) = unbounded();
        thread::spawn(move || {
            let _ = done_tx.send(service.shutdown());
        });
        assert!(
            done_rx.recv_timeout(Duration::from_millis(50)).is_err(),
            "消息还在队列里、工作线程还没处理完，shutdown 就返回了：关门之后要 join 工作线程，\
             等它们把队列取空"
        );
        drop(gate_tx);
        let outputs = done_rx.recv().expect("shutdown 的线程 panic 了");
        assert!(
            outputs.len() == sent.len(),
            "shutdown 时队列里还有 {} 条已接受的消息，它们都要处理完，实际只处理了 {} 条：\
             关闭要排空队列，不能把剩下的消息丢掉",
            sent.len(),
            outputs.len()
        );
        check(&sent, &outputs);
    });
}

#[test]
fn submit_after_shutdown_gives_the_message_back() {
    deadline(HINT, || {
        let service = Service::start(2, times_ten());
        let handle = service.handle();
        handle.submit(1).unwrap();
        let outputs = service.shutdown();
        check(&[1], &outputs);
        assert_eq!(
            handle.submit(42),
            Err(Closed(42)),
            "shutdown 之后 submit 应当返回 Err(Closed(42))：服务已关门，消息要原样还给调用者"
        );
        let clone = handle.clone();
        assert_eq!(
            clone.submit(7),
            Err(Closed(7)),
            "克隆出来的 Handle 也应当被拒绝"
        );
    });
}

#[test]
fn clients_racing_with_shutdown_lose_nothing_they_were_promised() {
    deadline(HINT, || {
        const CLIENTS: u32 = 4;
        let service = Service::start(2, times_ten());
        // 每个客户端先成功提交一条，再通过 barrier，保证关门时它们都在提交中途。
        let started = Arc::new(Barrier::new(CLIENTS as usize + 1));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let handle: Handle = service.handle();
                let started = Arc::clone(&started);
                thread::spawn(move || {
                    let mut accepted = Vec::new();
                    let mut refused = None;
                    for msg in c * 100_000..c * 100_000 + 50_000 {
                        match handle.submit(msg) {
                            Ok(()) => accepted.push(msg),
                            Err(Closed(back)) => {
                                assert_eq!(back, msg, "Closed 里应当是被拒绝的那条消息");
                                refused = Some(msg);
                                break;
                            }
                        }
                        if accepted.len() == 1 {
                            started.wait();
                        }
                    }
                    if let Some(msg) = refused {
                        assert_eq!(
                            handle.submit(msg + 1),
                            Err(Closed(msg + 1)),
                            "关门之后的每一次 submit 都应当被拒绝"
                        );
                    }
                    accepted
                })
            })
            .collect();
        started.wait();
        let outputs = service.shutdown();
        let accepted: Vec<u32> = clients
            .into_iter()
            .flat_map(|c| c.join().expect("客户端线程 panic 了"))
            .collect();
        check(&accepted, &outputs);
    });
}

#[test]
fn the_workers_run_in_parallel() {
    const HINT_PARALLEL: &str = "3 条消息在同一个 Barrier 上互相等待，只有 3 个工作线程同时运行时\
                                 才能通过：是不是只启动了一个工作线程？";
    deadline(HINT_PARALLEL, || {
        let barrier = Arc::new(Barrier::new(3));
        let process: Process = Arc::new(move |msg| {
            barrier.wait();
            u64::from(msg) * 10
        });
        let service = Service::start(3, process);
        let handle = service.handle();
        for msg in 0..3 {
            handle.submit(msg).unwrap();
        }
        check(&[0, 1, 2], &service.shutdown());
    });
}

#[test]
fn zero_workers_count_as_one() {
    const HINT_ZERO: &str =
        "Service::start(0, …) 卡住了：0 个工作线程时没人处理消息。说明里要求 0 按 1 算（workers.max(1)）";
    deadline(HINT_ZERO, || {
        let service = Service::start(0, times_ten());
        let handle = service.handle();
        let sent: Vec<u32> = (0..(QUEUE as u32 * 2)).collect();
        for &msg in &sent {
            assert_eq!(
                handle.submit(msg),
                Ok(()),
                "Service::start(0, …) 之后 submit 被拒绝了：没有工作线程，队列的 Receiver 全被 drop 了。\
                 说明里要求 0 按 1 算（workers.max(1)）"
            );
        }
        check(&sent, &service.shutdown());
    });
}

#[test]
fn every_thread_has_stopped_when_shutdown_returns() {
    deadline(HINT, || {
        let process = times_ten();
        let service = Service::start(3, Arc::clone(&process));
        service.handle().submit(5).unwrap();
        check(&[5], &service.shutdown());
        assert_eq!(
            Arc::strong_count(&process),
            1,
            "shutdown 返回时还有工作线程拿着 process：要 join 每个工作线程，而不只是 sink"
        );
    });
}
