use super::{serve, spawn_server, CallError, Client, Request, Served};
use crossbeam_channel::{after, bounded, unbounded};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::thread;
use std::time::{Duration, Instant};
use test_support::deadline;

const HINT: &str = "调用者是否在等一条永远不会来的回复？回复通道的 Sender 应当只有一份，随请求交给服务端，\
                    调用者自己不要留 clone；服务端的 `for request in requests` 要在所有 Client 都 drop 之后才会结束，\
                    测试里的 Client 都已经 drop 了吗？";

#[test]
fn one_call_gets_its_answer() {
    deadline(HINT, || {
        let (client, server) = spawn_server();
        assert_eq!(client.square(7), Ok(49), "7 的平方应当是 49");
        drop(client);
        let served = server.join().expect("服务端线程不应 panic");
        assert_eq!(
            served,
            Served {
                answered: 1,
                abandoned: 0
            },
            "回答了 1 个请求，没有人放弃"
        );
    });
}

#[test]
fn concurrent_callers_each_get_their_own_answer() {
    deadline(HINT, || {
        let (client, server) = spawn_server();
        let callers: Vec<_> = (0..8u64)
            .map(|caller| {
                let client = client.clone();
                thread::spawn(move || {
                    for i in 0..200 {
                        let x = caller * 1000 + i;
                        let got = client.square(x).expect("服务端一直在运行，调用不应失败");
                        assert_eq!(
                            got,
                            x * x,
                            "回复送错了人：请求的是 {x} 的平方，收到的却是 {got}。\
                             是不是所有请求共用了一条回复通道？每个请求要有自己的回复通道"
                        );
                    }
                })
            })
            .collect();
        for caller in callers {
            caller.join().unwrap();
        }
        drop(client);
        let served = server.join().expect("服务端线程不应 panic");
        assert_eq!(
            served.answered, 1600,
            "8 个调用者各请求 200 次，应当回答 1600 次"
        );
    });
}

#[test]
fn a_missing_server_is_an_error_not_a_panic() {
    deadline(HINT, || {
        let (requests, server_side) = unbounded::<Request>();
        drop(server_side);
        let client = Client::new(requests);
        let result = catch_unwind(AssertUnwindSafe(|| client.square(3))).expect(
            "服务端不在时 square panic 了：请求发不出去是预料之中的失败，应当返回 Err(ServerGone)，\
             不要 unwrap / expect",
        );
        assert_eq!(
            result,
            Err(CallError::ServerGone),
            "服务端已经不在（请求通道的 Receiver 已 drop）：发送请求会失败，应当返回 ServerGone，而不是 unwrap"
        );
    });
}

#[test]
fn a_request_dropped_without_reply_is_an_error_not_a_hang() {
    deadline(HINT, || {
        let (requests, server_side) = unbounded::<Request>();
        // 一个不称职的服务端：收下请求，不回复就丢掉（连同回复通道的 Sender）。
        let careless = thread::spawn(move || {
            for request in server_side {
                drop(request);
            }
        });
        let client = Client::new(requests);
        assert_eq!(
            client.square(3),
            Err(CallError::NoReply),
            "服务端丢下了请求：回复通道的唯一 Sender 随之 drop，recv() 应当返回 Err，对应 NoReply"
        );
        drop(client);
        careless.join().unwrap();
    });
}

#[test]
fn the_server_survives_callers_that_gave_up() {
    deadline(HINT, || {
        let (requests, server_side) = unbounded();
        let server = thread::spawn(move || serve(server_side));
        // 三个调用者发出请求后立刻放弃：它们的回复 Receiver 已经 drop。
        for x in 0..3 {
            let (reply, gave_up) = bounded(1);
            drop(gave_up);
            requests.send(Request { x, reply }).unwrap();
        }
        let client = Client::new(requests);
        assert_eq!(
            client.square(5),
            Ok(25),
            "调用者放弃之后，服务端应当继续为别人服务"
        );
        drop(client);
        let served = server.join().expect(
            "服务端线程 panic 了：调用者放弃时回复发送会失败，这时不应 unwrap，记一笔然后继续",
        );
        assert_eq!(
            served,
            Served {
                answered: 1,
                abandoned: 3
            },
            "1 个回复送到了，3 个调用者已经放弃"
        );
    });
}

#[test]
fn requests_already_queued_are_still_answered() {
    deadline(HINT, || {
        let (requests, server_side) = unbounded();
        let mut answers = Vec::new();
        for x in 1..=10 {
            let (reply, answer) = bounded(1);
            requests.send(Request { x, reply }).unwrap();
            answers.push((x, answer));
        }
        // 所有调用者的句柄都没了，但 10 个请求已经排在通道里。
        drop(requests);
        let served = serve(server_side);
        assert_eq!(
            served.answered, 10,
            "请求通道断开之前已经排队的请求，仍然要一一回答"
        );
        for (x, answer) in answers {
            assert_eq!(answer.recv(), Ok(x * x), "{x} 的回复不对或没有送到");
        }
    });
}

#[test]
fn the_server_stops_when_every_client_is_gone() {
    deadline(HINT, || {
        let (client, server) = spawn_server();
        let second = client.clone();
        assert_eq!(second.square(2), Ok(4));
        drop(client);
        drop(second);
        let served = server.join().expect("服务端线程不应 panic");
        assert_eq!(
            served.answered, 1,
            "所有 Client 都 drop 之后，serve 应当结束并返回统计"
        );
    });
}

#[test]
fn a_slow_server_is_waited_for() {
    deadline(HINT, || {
        const SLOW: Duration = Duration::from_millis(300);
        let (requests, server_side) = unbounded::<Request>();
        // 一个慢但称职的服务端：收下请求，过 SLOW 之后才回复。
        let slow = thread::spawn(move || {
            for request in server_side {
                after(SLOW).recv().unwrap();
                let _ = request.reply.send(request.x * request.x);
            }
        });
        let client = Client::new(requests);
        let started = Instant::now();
        assert_eq!(
            client.square(6),
            Ok(36),
            "服务端还活着，只是慢（{SLOW:?} 后才回复）：调用者应当等到回复。\
             只有回复通道断开（服务端丢下了请求）才是 NoReply；不要用 recv_timeout 自作主张地放弃"
        );
        assert!(
            started.elapsed() >= SLOW,
            "回复不可能早于服务端发出它的时刻"
        );
        drop(client);
        slow.join().unwrap();
    });
}
