use super::{codec, serve, Client, ClientError, Request, Response, MAX_FRAME};
use bytes::{Bytes, BytesMut};
use futures::{SinkExt, StreamExt};
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use test_support::deadline;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;
use tokio_util::codec::{Encoder, Framed};

const HINT: &str = "客户端或服务器在等一个永远不来的帧：服务器是否为每个连接 tokio::spawn 了任务？\
                    回答是否用 frames.send(...) 发了出去？codec 是否设置了 max_frame_length？";

/// 单个回答的等待上限：正确的服务器在毫秒级回答。
const ANSWER: Duration = Duration::from_secs(2);

fn run<F: Future>(body: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(body)
}

/// 在空闲端口上启动学习者的服务器，返回它的地址。
async fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener));
    addr
}

/// 不经过学习者的 Client，直接读一帧回答。
async fn raw_reply(
    frames: &mut Framed<TcpStream, tokio_util::codec::LengthDelimitedCodec>,
    what: &str,
) -> Response {
    let frame = timeout(ANSWER, frames.next())
        .await
        .unwrap_or_else(|_| panic!("{what}：服务器 2 秒内没有回答"))
        .unwrap_or_else(|| panic!("{what}：服务器没有回答就关闭了连接，应先回一个 Response::Error"))
        .unwrap_or_else(|e| panic!("{what}：读回答失败：{e}"));
    serde_json::from_slice(&frame)
        .unwrap_or_else(|e| panic!("{what}：回答不是 JSON 编码的 Response：{e}"))
}

async fn call(client: &mut Client, request: Request) -> Response {
    match timeout(ANSWER, client.call(&request)).await {
        Ok(Ok(response)) => response,
        Ok(Err(e)) => panic!("请求 {request:?} 失败：{e:?}"),
        Err(_) => panic!("请求 {request:?} 2 秒内没有回答"),
    }
}

#[test]
fn the_frame_format_is_a_four_byte_big_endian_length() {
    deadline(HINT, || {
        let mut out = BytesMut::new();
        codec()
            .encode(Bytes::from_static(b"hi"), &mut out)
            .expect("codec 应能编码 2 字节的帧");
        assert_eq!(
            &out[..],
            &[0, 0, 0, 2, b'h', b'i'][..],
            "长度前缀应是 4 字节大端（length_field_type::<u32>()）"
        );
        let mut too_long = BytesMut::new();
        assert!(
            codec()
                .encode(Bytes::from(vec![0u8; MAX_FRAME + 1]), &mut too_long)
                .is_err(),
            "codec 应拒绝超过 MAX_FRAME 的帧：是否设置了 max_frame_length(MAX_FRAME)？"
        );
    });
}

#[test]
fn answers_requests_on_one_connection_in_order() {
    deadline(HINT, || {
        run(async {
            let addr = start_server().await;
            let mut client = Client::connect(addr).await.unwrap();
            assert_eq!(
                call(&mut client, Request::Add(40, 2)).await,
                Response::Sum(42)
            );
            assert_eq!(
                call(&mut client, Request::Upper("abc".into())).await,
                Response::Upper("ABC".into())
            );
            assert!(matches!(
                call(&mut client, Request::Add(i64::MAX, 1)).await,
                Response::Error(_)
            ));
        })
    });
}

#[test]
fn serves_many_clients_while_one_is_stuck_mid_frame() {
    deadline(HINT, || {
        run(async {
            let addr = start_server().await;
            // 第一个客户端只写了半个长度前缀，就不说话了。
            let mut stuck = TcpStream::connect(addr).await.unwrap();
            stuck.write_all(&[0, 0]).await.unwrap();
            let mut tasks = Vec::new();
            for c in 0..8i64 {
                tasks.push(tokio::spawn(async move {
                    let mut client = Client::connect(addr).await.unwrap();
                    for i in 0..20 {
                        match timeout(ANSWER, client.call(&Request::Add(c, i))).await {
                            Ok(Ok(r)) => assert_eq!(
                                r,
                                Response::Sum(c + i),
                                "客户端 {c} 的第 {i} 个请求答错了"
                            ),
                            Ok(Err(e)) => panic!("客户端 {c} 的请求失败：{e:?}"),
                            Err(_) => panic!(
                                "一个卡在半帧上的客户端挡住了其他客户端：服务器一次只服务一个连接？\
                                 每个连接应交给自己的 tokio::spawn 任务"
                            ),
                        }
                    }
                }));
            }
            for task in tasks {
                if let Err(e) = task.await {
                    std::panic::resume_unwind(e.into_panic());
                }
            }
            drop(stuck);
        })
    });
}

#[test]
fn a_malformed_frame_gets_an_error_reply_and_the_connection_survives() {
    deadline(HINT, || {
        run(async {
            let addr = start_server().await;
            let mut frames = Framed::new(TcpStream::connect(addr).await.unwrap(), codec());
            frames.send(Bytes::from_static(b"{not json")).await.unwrap();
            let reply = raw_reply(&mut frames, "畸形帧（不是合法 JSON）").await;
            assert!(
                matches!(reply, Response::Error(_)),
                "畸形帧应得到 Response::Error，而不是 {reply:?}"
            );
            frames
                .send(Bytes::from(
                    serde_json::to_vec(&Request::Add(1, 2)).unwrap(),
                ))
                .await
                .unwrap();
            let reply = raw_reply(&mut frames, "畸形帧之后的合法请求（连接应当还能用）").await;
            assert_eq!(reply, Response::Sum(3));
        })
    });
}

#[test]
fn an_oversized_frame_gets_an_error_reply_then_the_connection_closes() {
    deadline(HINT, || {
        run(async {
            let addr = start_server().await;
            let mut raw = TcpStream::connect(addr).await.unwrap();
            // 只发一个长度前缀：声称有 1 MiB。正确的服务器看到长度就拒绝，不等内容。
            raw.write_all(&(1u32 << 20).to_be_bytes()).await.unwrap();
            let mut frames = Framed::new(raw, codec());
            let reply = match timeout(ANSWER, frames.next()).await {
                Err(_) => panic!(
                    "超长帧：服务器 2 秒内没有回答，多半是在等 1 MiB 的内容。\
                     codec 是否设置了 max_frame_length(MAX_FRAME)？"
                ),
                Ok(None) => {
                    panic!("超长帧应先得到一个 Response::Error 回复，再关闭连接；服务器直接关闭了")
                }
                Ok(Some(Err(e))) => {
                    panic!("超长帧：读回答失败（{e}）；应先回 Response::Error，再关闭连接")
                }
                Ok(Some(Ok(frame))) => serde_json::from_slice::<Response>(&frame)
                    .unwrap_or_else(|e| panic!("超长帧的回答不是 JSON 编码的 Response：{e}")),
            };
            assert!(
                matches!(reply, Response::Error(_)),
                "超长帧应得到 Response::Error，而不是 {reply:?}"
            );
            // 流里已经对不齐帧边界了：服务器应关闭这条连接。
            let mut raw = frames.into_inner();
            let mut buf = [0u8; 1];
            let n = timeout(ANSWER, raw.read(&mut buf))
                .await
                .expect("超长帧回答之后，服务器应关闭这条连接（剩下的字节已无法对齐帧边界）")
                .unwrap_or(0);
            assert_eq!(n, 0, "超长帧回答之后，服务器应关闭这条连接");
            // 服务器本身还活着。
            let mut client = Client::connect(addr)
                .await
                .expect("一个坏客户端之后，服务器应继续接受连接");
            assert_eq!(
                call(&mut client, Request::Add(2, 2)).await,
                Response::Sum(4)
            );
        })
    });
}

/// 一台只读一帧、然后按 `goodbye` 的方式离开的服务器。
async fn vanishing_server(goodbye: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut frames = Framed::new(stream, codec());
        let _request = frames.next().await;
        let mut stream = frames.into_inner();
        stream.write_all(goodbye).await.unwrap();
        // 连接在这里被 drop：服务器“走了”。
    });
    addr
}

#[test]
fn the_client_reports_a_server_that_went_away() {
    deadline(HINT, || {
        run(async {
            // 一台一句话不说就关闭，一台只发了半个回答就关闭。
            for (goodbye, how) in [
                (&b""[..], "直接关闭连接"),
                (&[0u8, 0, 0, 9, b'{'][..], "回答发到一半就关闭"),
            ] {
                let addr = vanishing_server(goodbye).await;
                let mut client = Client::connect(addr).await.unwrap();
                let outcome =
                    tokio::spawn(
                        async move { timeout(ANSWER, client.call(&Request::Add(1, 1))).await },
                    )
                    .await;
                match outcome {
                    Err(e) if e.is_panic() => panic!(
                        "服务器{how}时客户端 panic 了：call 应返回 Err(ClientError::ServerGone)，而不是 unwrap/expect"
                    ),
                    Err(e) => panic!("{e}"),
                    Ok(Err(_)) => panic!("服务器{how}时 call 2 秒内没有返回"),
                    Ok(Ok(Err(ClientError::ServerGone))) => {}
                    Ok(Ok(other)) => panic!(
                        "服务器{how}时 call 应返回 Err(ClientError::ServerGone)，实际是 {other:?}"
                    ),
                }
            }
        })
    });
}

#[test]
fn a_reply_that_is_not_a_response_is_a_bad_reply() {
    deadline(HINT, || {
        run(async {
            let addr = vanishing_server(&[0, 0, 0, 2, b'4', b'2']).await;
            let mut client = Client::connect(addr).await.unwrap();
            match timeout(ANSWER, client.call(&Request::Add(1, 1))).await {
                Ok(Err(ClientError::BadReply(_))) => {}
                other => panic!("回答 `42` 不是 Response：call 应返回 Err(ClientError::BadReply(..))，实际是 {other:?}"),
            }
        })
    });
}
