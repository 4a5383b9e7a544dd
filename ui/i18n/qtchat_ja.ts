<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChatView</name>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation>
            <numerusform>新着メッセージ %n 件 ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Jump to the latest ↓</source>
        <translation>最新へ移動 ↓</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <extracomment>A copied message: sender, time, text</extracomment>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（不明）</translation>
    </message>
    <message>
        <source>&amp;Copy text</source>
        <translation>テキストをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>リンクをコピー(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quote</source>
        <translation>引用(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in this room</source>
        <translation>このルーム内を検索</translation>
    </message>
    <message>
        <source>Newer match (Shift+Enter, Shift+F3)</source>
        <translation>新しい一致（Shift+Enter、Shift+F3）</translation>
    </message>
    <message>
        <source>Older match (Enter, F3)</source>
        <translation>古い一致（Enter、F3）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>閉じる（Esc）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>一致なし</translation>
    </message>
    <message>
        <source>more than %1 in older messages</source>
        <translation>古いメッセージに %1 件以上</translation>
    </message>
    <message numerus="yes">
        <source>%n more in older messages</source>
        <translation>
            <numerusform>古いメッセージにさらに %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · older messages from 3 letters on</source>
        <translation>%1 · 古いメッセージは 3 文字以上で検索</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>QtChat</source>
        <translation>QtChat</translation>
    </message>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter starts a new line)</source>
        <translation>メッセージを入力…（Enter で送信、Shift+Enter で改行）</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Join room…</source>
        <translation>ルームに参加(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Leave room</source>
        <translation>ルームから退出(&amp;L)</translation>
    </message>
    <message>
        <source>Server &amp;profiles…</source>
        <translation>サーバープロファイル(&amp;P)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Next room</source>
        <translation>次のルーム(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous room</source>
        <translation>前のルーム(&amp;P)</translation>
    </message>
    <message>
        <source>Cannot join &quot;%1&quot;: %2</source>
        <translation>「%1」に参加できません: %2</translation>
    </message>
    <message>
        <source>#%1 - QtChat</source>
        <translation>#%1 - QtChat</translation>
    </message>
    <message>
        <source>Signed in as %1. Join a room to start chatting.</source>
        <translation>%1 としてサインインしました。ルームに参加してチャットを始めましょう。</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>再送信(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) not saved, lost if QtChat quits now - %1</source>
        <translation>
            <numerusform>未保存のメッセージ %n 件（今 QtChat を終了すると失われます） - %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Find in room…</source>
        <translation>ルーム内を検索(&amp;F)…</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>%1 - QtChat</source>
        <translation>%1 - QtChat</translation>
    </message>
    <message>
        <source>#%1 - %2 - QtChat</source>
        <translation>#%1 - %2 - QtChat</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>(unknown)</source>
        <translation>（不明）</translation>
    </message>
    <message>
        <source>%1 looks like %2, another name in this room. Check who is who.</source>
        <translation>%1 はこのルームの別の名前 %2 とよく似ています。誰が誰なのか確かめてください。</translation>
    </message>
    <message>
        <source>%1 mixes letters of different alphabets (like a Cyrillic “а” among Latin ones), so it may imitate another name.</source>
        <translation>%1 には異なる文字体系の文字が混ざっています（ラテン文字の中にキリル文字の「а」があるなど）。別の名前を装っているおそれがあります。</translation>
    </message>
    <message>
        <source>Server notice</source>
        <translation>サーバーからの通知</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新着</translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <source>not sent: %1 (right-click to retry or delete)</source>
        <translation>未送信: %1（右クリックで再送信または削除）</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>a message too large to show (%1)</source>
        <translation>大きすぎて表示できないメッセージ（%1）</translation>
    </message>
    <message>
        <source>%1 · older messages are not kept in memory</source>
        <translation>%1 · これより古いメッセージはメモリに保持されません</translation>
    </message>
    <message>
        <source>not saved: it will be lost if QtChat quits</source>
        <translation>未保存: QtChat を終了すると失われます</translation>
    </message>
    <message>
        <source>The server answered: %1</source>
        <translation>サーバーの応答: %1</translation>
    </message>
    <message>
        <source>Loading earlier messages…</source>
        <translation>以前のメッセージを読み込み中…</translation>
    </message>
    <message>
        <source>Earlier messages may be missing</source>
        <translation>以前のメッセージが抜けている可能性があります</translation>
    </message>
    <message>
        <source>The server&apos;s history did not reach back to the last message QtChat had; scroll here to load what was said in between.</source>
        <translation>サーバーの履歴は QtChat が最後に受け取ったメッセージまでさかのぼっていません。ここまでスクロールすると、その間の発言を読み込みます。</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <source>Allow unencrypted http:// and ws:// to this server</source>
        <translation>このサーバーへの暗号化されていない http:// と ws:// を許可する</translation>
    </message>
    <message>
        <source>Server profiles</source>
        <translation>サーバープロファイル</translation>
    </message>
    <message>
        <source>derived from the server URL</source>
        <translation>サーバー URL から決定</translation>
    </message>
    <message>
        <source>WebSocket subprotocol (the token)</source>
        <translation>WebSocket サブプロトコル（トークン）</translation>
    </message>
    <message>
        <source>Subprotocol pair (&quot;access_token&quot;, token)</source>
        <translation>サブプロトコルの組（&quot;access_token&quot;、トークン）</translation>
    </message>
    <message>
        <source>Authorization header</source>
        <translation>Authorization ヘッダー</translation>
    </message>
    <message>
        <source>Query parameter (?token=)</source>
        <translation>クエリパラメーター（?token=）</translation>
    </message>
    <message>
        <source>only the system&apos;s certificate authorities</source>
        <translation>システムの認証局のみ</translation>
    </message>
    <message>
        <source>base64 SHA-256 of the server&apos;s public key</source>
        <translation>サーバー公開鍵の SHA-256（base64）</translation>
    </message>
    <message>
        <source>Trusted in addition to the system&apos;s certificate authorities: a server certificate with this public key is accepted even when no authority vouches for it (self-signed). Its host name and dates are still checked. Certificates that an authority vouches for stay accepted whatever their key.</source>
        <translation>システムの認証局に加えて信頼します: この公開鍵を持つサーバー証明書は、どの認証局も保証していなくても（自己署名でも）受け入れます。ホスト名と有効期限は引き続き検査されます。認証局が保証する証明書は、鍵にかかわらずこれまでどおり受け入れます。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Server URL:</source>
        <translation>サーバー URL(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;WebSocket URL:</source>
        <translation>WebSocket URL(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Token sent as:</source>
        <translation>トークンの送り方(&amp;T):</translation>
    </message>
    <message>
        <source>Extra &amp;CA file:</source>
        <translation>追加の CA ファイル(&amp;C):</translation>
    </message>
    <message>
        <source>Extra trusted &amp;key:</source>
        <translation>追加で信頼する公開鍵(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>New server</source>
        <translation>新しいサーバー</translation>
    </message>
    <message>
        <source>⚠ Insecure: your password and tokens can be read by anyone on the network path to this server. Use this only for a test server you trust.</source>
        <translation>⚠ 安全ではありません: このサーバーまでの経路上の誰でもパスワードとトークンを読めます。信頼できるテストサーバーにだけ使ってください。</translation>
    </message>
    <message>
        <source>⚠ The token travels in the URL and lands in the server&apos;s access logs.</source>
        <translation>⚠ トークンは URL に含まれ、サーバーのアクセスログに残ります。</translation>
    </message>
    <message>
        <source>⚠ Your access token also goes to %1, which is not the server URL&apos;s host %2. Make sure it belongs to the same site.</source>
        <translation>⚠ アクセストークンは、サーバー URL のホスト %2 ではない %1 にも送られます。同じサイトのホストであることを確かめてください。</translation>
    </message>
    <message>
        <source>Give the profile a name.</source>
        <translation>プロファイルに名前を付けてください。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM)</source>
        <translation>追加の CA 証明書（PEM）</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation>証明書 (*.pem *.crt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Replace the connection before the access token expires</source>
        <translation>アクセストークンの期限が切れる前に接続を切り替える</translation>
    </message>
    <message>
        <source>Shortly before the access token expires, each room opens a new connection with the fresh token and then closes the old one, so no message is in flight when the server closes it. Turn this off for a server that never closes connections when a token expires and does not want the extra connection.</source>
        <translation>アクセストークンの期限が切れる少し前に、各ルームが新しいトークンで新しい接続を開いてから古い接続を閉じます。サーバーが古い接続を閉じる時点で送信途中のメッセージは残りません。トークンの期限切れで接続を閉じることがなく、余分な接続を望まないサーバーではオフにしてください。</translation>
    </message>
    <message>
        <source>Django Channels</source>
        <translation>Django Channels</translation>
    </message>
    <message>
        <source>Socket.IO</source>
        <translation>Socket.IO</translation>
    </message>
    <message>
        <source>Django Channels: one WebSocket per room. Socket.IO: one connection to the server, rooms joined by events. Choosing one fills in its usual settings.</source>
        <translation>Django Channels: ルームごとに WebSocket を 1 本使います。Socket.IO: サーバーへの接続は 1 本で、ルームにはイベントで参加します。選ぶとそのプロトコルの標準の設定が入ります。</translation>
    </message>
    <message>
        <source>Pr&amp;otocol:</source>
        <translation>プロトコル(&amp;O):</translation>
    </message>
    <message>
        <source>CONNECT auth payload ({&quot;token&quot;: …})</source>
        <translation>CONNECT の auth ペイロード（{&quot;token&quot;: …}）</translation>
    </message>
    <message>
        <source>&amp;Forget this server…</source>
        <translation>このサーバーを忘れる(&amp;F)…</translation>
    </message>
    <message>
        <source>Removes the profile and deletes the messages stored on this computer for every account on this server.</source>
        <translation>プロファイルを削除し、このサーバーのすべてのアカウントについてこのコンピューターに保存されたメッセージを削除します。</translation>
    </message>
    <message>
        <source>Forget this server</source>
        <translation>このサーバーを忘れる</translation>
    </message>
    <message>
        <source>Forget %1? The messages stored on this computer for every account on %2 are deleted now, and the profile is removed when you save.</source>
        <translation>%1 を忘れますか？ %2 のすべてのアカウントについてこのコンピューターに保存されたメッセージは今すぐ削除され、プロファイルは保存時に削除されます。</translation>
    </message>
</context>
<context>
    <name>ProfileProtocolForm</name>
    <message>
        <source>Sign-in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>The server has a refresh endpoint</source>
        <translation>サーバーにリフレッシュ用エンドポイントがある</translation>
    </message>
    <message>
        <source>One room per namespace (/lobby)</source>
        <translation>ルームごとに 1 つの名前空間（/lobby）</translation>
    </message>
    <message>
        <source>Where the user name and password are posted, e.g. /api/token/ or /login</source>
        <translation>ユーザー名とパスワードを送る先。例: /api/token/ や /login</translation>
    </message>
    <message>
        <source>The field of the sign-in answer that holds the token: access, token, …</source>
        <translation>サインインの応答でトークンが入っているフィールド: access、token など</translation>
    </message>
    <message>
        <source>Without a refresh endpoint QtChat renews the token by signing in again: with the password kept in the system keychain if you choose &quot;remember me&quot;, otherwise by asking you.</source>
        <translation>リフレッシュ用エンドポイントがない場合、QtChat はサインインし直してトークンを更新します。「記憶する」を選んだときはシステムのキーチェーンに保存したパスワードで、そうでなければパスワードを尋ねて行います。</translation>
    </message>
    <message>
        <source>The room&apos;s WebSocket path; {room} stands for the room&apos;s name</source>
        <translation>ルームの WebSocket パス。{room} はルーム名に置き換わります</translation>
    </message>
    <message>
        <source>4 (socket.io 3 and later)</source>
        <translation>4（socket.io 3 以降）</translation>
    </message>
    <message>
        <source>3 (socket.io 2, socketio-jwt)</source>
        <translation>3（socket.io 2、socketio-jwt）</translation>
    </message>
    <message>
        <source>Each room is a namespace of its own, joined by connecting to it; messages are plain events there</source>
        <translation>各ルームがそれぞれ独自の名前空間で、接続すると参加します。メッセージはそこでの通常のイベントです</translation>
    </message>
    <message>
        <source>Token &amp;endpoint:</source>
        <translation>トークンのエンドポイント(&amp;E):</translation>
    </message>
    <message>
        <source>Token &amp;field:</source>
        <translation>トークンのフィールド(&amp;F):</translation>
    </message>
    <message>
        <source>Refresh endpoin&amp;t:</source>
        <translation>リフレッシュ用エンドポイント(&amp;T):</translation>
    </message>
    <message>
        <source>Refresh token fie&amp;ld:</source>
        <translation>リフレッシュトークンのフィールド(&amp;L):</translation>
    </message>
    <message>
        <source>Room &amp;path:</source>
        <translation>ルームのパス(&amp;P):</translation>
    </message>
    <message>
        <source>Socket.IO pat&amp;h:</source>
        <translation>Socket.IO のパス(&amp;H):</translation>
    </message>
    <message>
        <source>Names&amp;pace:</source>
        <translation>名前空間(&amp;P):</translation>
    </message>
    <message>
        <source>Engine.IO &amp;version:</source>
        <translation>Engine.IO のバージョン(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Join event:</source>
        <translation>参加イベント(&amp;J):</translation>
    </message>
    <message>
        <source>Lea&amp;ve event:</source>
        <translation>退出イベント(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Message event:</source>
        <translation>メッセージイベント(&amp;M):</translation>
    </message>
    <message>
        <source>Rooms (Socket.IO)</source>
        <translation>ルーム（Socket.IO）</translation>
    </message>
    <message>
        <source>Rooms (Django Channels)</source>
        <translation>ルーム（Django Channels）</translation>
    </message>
    <message>
        <source>The server has a history endpoint</source>
        <translation>サーバーに履歴エンドポイントがある</translation>
    </message>
    <message>
        <source>Scrolling to the top of a room loads older messages from the server, and fills gaps left while QtChat was away</source>
        <translation>ルームの先頭までスクロールするとサーバーから古いメッセージを読み込み、QtChat が離れていた間の抜けを埋めます</translation>
    </message>
    <message>
        <source>Where older messages are asked for (GET, ?before=id&amp;limit=n); {room} stands for the room&apos;s name</source>
        <translation>古いメッセージを要求する場所（GET、?before=id&amp;limit=n）。{room} はルーム名に置き換わります</translation>
    </message>
    <message>
        <source>Histor&amp;y endpoint:</source>
        <translation>履歴エンドポイント(&amp;Y):</translation>
    </message>
</context>
<context>
    <name>ProtocolLogDock</name>
    <message>
        <source>Protocol log</source>
        <translation>プロトコルログ</translation>
    </message>
    <message>
        <source>Frames and HTTP exchanges while this panel is open; tokens and passwords are redacted.</source>
        <translation>このパネルを開いている間のフレームと HTTP のやり取り。トークンとパスワードは伏せられます。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>クリア(&amp;L)</translation>
    </message>
    <message>
        <source>Save protocol log</source>
        <translation>プロトコルログを保存</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>ログファイル (*.log *.txt)</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>%1 に保存しました。</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <source>Muted</source>
        <translation>ミュート中</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>ミュート</translation>
    </message>
    <message>
        <source>Notifications of this room are muted (unread messages are still counted). Click to unmute.</source>
        <translation>このルームの通知はミュートされています（未読数は引き続き数えます）。クリックするとミュートを解除します。</translation>
    </message>
    <message>
        <source>Mute notifications of this room</source>
        <translation>このルームの通知をミュート</translation>
    </message>
</context>
<context>
    <name>RoomSidebar</name>
    <message>
        <source>Join</source>
        <translation>参加</translation>
    </message>
    <message>
        <source>&amp;Leave #%1</source>
        <translation>#%1 から退出(&amp;L)</translation>
    </message>
    <message>
        <source>Join a room…</source>
        <translation>ルームに参加…</translation>
    </message>
    <message>
        <source>Type a room name and press Enter (Ctrl+K)</source>
        <translation>ルーム名を入力して Enter を押します（Ctrl+K）</translation>
    </message>
    <message>
        <source>%1 · muted</source>
        <translation>%1 · ミュート中</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>通知をミュート(&amp;M)</translation>
    </message>
</context>
<context>
    <name>RoomState</name>
    <message>
        <source>offline</source>
        <translation>オフライン</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>再接続中</translation>
    </message>
    <message>
        <source>sign-in needed</source>
        <translation>サインインが必要</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <translation>%1 - %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n message(s) waiting to be sent)</source>
        <translation>
            <numerusform>%1（送信待ち %n 件）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1（HTTP %2）</translation>
    </message>
    <message>
        <source>%1 (close code %2)</source>
        <translation>%1（クローズコード %2）</translation>
    </message>
    <message>
        <source>%1 (close code %2: %3)</source>
        <translation>%1（クローズコード %2: %3）</translation>
    </message>
    <message>
        <source>the server ended the connection</source>
        <translation>サーバーが接続を終了しました</translation>
    </message>
    <message>
        <source>the server closed with a code this Qt version cannot read (1012-1014 arrive as 1002)</source>
        <translation>この Qt のバージョンでは読み取れないコードでサーバーが接続を閉じました（1012〜1014 は 1002 として届きます）</translation>
    </message>
    <message>
        <source>the connection dropped</source>
        <translation>接続が切れました</translation>
    </message>
    <message>
        <source>the server refused this client (policy)</source>
        <translation>サーバーがこのクライアントを拒否しました（ポリシー）</translation>
    </message>
    <message>
        <source>a message was too large for the server</source>
        <translation>メッセージがサーバーにとって大きすぎました</translation>
    </message>
    <message>
        <source>the server had an internal error</source>
        <translation>サーバーで内部エラーが発生しました</translation>
    </message>
    <message>
        <source>the server is restarting</source>
        <translation>サーバーが再起動中です</translation>
    </message>
    <message>
        <source>the server asked to try again later</source>
        <translation>サーバーから後で再試行するよう求められました</translation>
    </message>
    <message>
        <source>a gateway could not reach the server</source>
        <translation>ゲートウェイがサーバーに到達できませんでした</translation>
    </message>
    <message>
        <source>you are not allowed in this room</source>
        <translation>このルームへの参加は許可されていません</translation>
    </message>
    <message>
        <source>there is no such room</source>
        <translation>そのようなルームはありません</translation>
    </message>
    <message>
        <source>the server closed the session</source>
        <translation>サーバーがセッションを閉じました</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>サーバーが接続を閉じました</translation>
    </message>
    <message>
        <source>the server refused the access token</source>
        <translation>サーバーがアクセストークンを拒否しました</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1; a fresh token was refused %n time(s)</source>
        <translation>
            <numerusform>%1。新しいトークンも %n 回拒否されました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server sends a frame this client cannot take (close code %1) on every join, %n time(s) in a row; the room stopped instead of reconnecting forever</source>
        <translation>
            <numerusform>サーバーが参加のたびにこのクライアントで扱えないフレームを送ってきます（クローズコード %1、%n 回連続）。再接続を繰り返さないようルームを停止しました</numerusform>
        </translation>
    </message>
    <message>
        <source>the server sent a frame this client cannot take (close code %1)</source>
        <translation>サーバーがこのクライアントで扱えないフレームを送ってきました（クローズコード %1）</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>%1 に接続中</translation>
    </message>
    <message>
        <source>left the room</source>
        <translation>ルームから退出しました</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <source>the session could not be refreshed: the server cannot be reached</source>
        <translation>セッションを更新できませんでした: サーバーに接続できません</translation>
    </message>
    <message>
        <source>the access token has expired; getting a fresh one</source>
        <translation>アクセストークンの期限が切れました。新しいトークンを取得中</translation>
    </message>
    <message>
        <source>the access token cannot be sent to the server: it is not a well-formed JWT</source>
        <translation>アクセストークンをサーバーに送信できません: 正しい形式の JWT ではありません</translation>
    </message>
    <message>
        <source>this room cannot be opened: %1</source>
        <translation>このルームを開けません: %1</translation>
    </message>
    <message>
        <source>could not reach the server (%1)</source>
        <translation>サーバーに接続できませんでした（%1）</translation>
    </message>
    <message>
        <source>the server did not answer the handshake in time</source>
        <translation>サーバーがハンドシェイクに時間内に応答しませんでした</translation>
    </message>
    <message numerus="yes">
        <source>the server failed the handshake %n time(s) (HTTP 500); is this room path right for this server?</source>
        <translation>
            <numerusform>サーバーがハンドシェイクに %n 回失敗しました（HTTP 500）。このルームのパスはこのサーバーに合っていますか？</numerusform>
        </translation>
    </message>
    <message>
        <source>the server refused the connection</source>
        <translation>サーバーが接続を拒否しました</translation>
    </message>
    <message>
        <source>the server has no chat endpoint for this room</source>
        <translation>サーバーにこのルームのチャットエンドポイントがありません</translation>
    </message>
    <message>
        <source>the connection dropped without a close frame (1006)</source>
        <translation>クローズフレームなしで接続が切れました（1006）</translation>
    </message>
    <message>
        <source>the server stopped answering pings (the connection is half-open)</source>
        <translation>サーバーが ping に応答しなくなりました（接続が半開きの状態です）</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1</source>
        <translation>サーバーの証明書は信頼されていません: %1</translation>
    </message>
    <message numerus="yes">
        <source>offline - retrying in %n s</source>
        <translation>
            <numerusform>オフライン - %n 秒後に再試行</numerusform>
        </translation>
    </message>
    <message>
        <source>offline - retrying at %1</source>
        <translation>オフライン - %1 に再試行</translation>
    </message>
    <message>
        <source>offline - %1</source>
        <translation>オフライン - %1</translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>%n 秒後に再接続</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s - %1</source>
        <translation>
            <numerusform>%n 秒後に再接続 - %1</numerusform>
        </translation>
    </message>
    <message>
        <source>reconnecting at %1</source>
        <translation>%1 に再接続</translation>
    </message>
    <message>
        <source>reconnecting at %1 - %2</source>
        <translation>%1 に再接続 - %2</translation>
    </message>
    <message>
        <source>%1; getting a fresh access token</source>
        <translation>%1。新しいアクセストークンを取得中</translation>
    </message>
    <message>
        <source>the server refused this room</source>
        <translation>サーバーがこのルームを拒否しました</translation>
    </message>
    <message>
        <source>signing in</source>
        <translation>サインイン中</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>You have signed out.</source>
        <translation>サインアウトしました。</translation>
    </message>
    <message>
        <source>Signed out: %1</source>
        <translation>サインアウトしました: %1</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>サインアウトしました</translation>
    </message>
    <message>
        <source>Also delete the messages stored on this computer for %1?</source>
        <translation>%1 についてこのコンピューターに保存されたメッセージも削除しますか？</translation>
    </message>
    <message>
        <source>They are shown when you sign in again, also while offline. Deleted, they are gone from this computer; the server keeps its own.</source>
        <translation>再びサインインしたときに、オフラインでも表示されます。削除するとこのコンピューターからは消えますが、サーバーには残ります。</translation>
    </message>
    <message>
        <source>The stored messages could not be deleted: %1</source>
        <translation>保存されたメッセージを削除できませんでした: %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 の %1</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Edit…</source>
        <translation>編集(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>このコンピューターで記憶する(&amp;R)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Sign in to QtChat</source>
        <translation>QtChat にサインイン</translation>
    </message>
    <message>
        <source>Server address below</source>
        <translation>下のサーバーアドレス</translation>
    </message>
    <message>
        <source>Keeps you signed in across restarts; the session is stored in the system keychain.</source>
        <translation>再起動してもサインインしたままにします。セッションはシステムのキーチェーンに保存されます。</translation>
    </message>
    <message>
        <source>Pro&amp;file:</source>
        <translation>プロファイル(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>サーバー(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>サインイン中…</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
    <message>
        <source>Signing in to %1…</source>
        <translation>%1 にサインイン中…</translation>
    </message>
    <message>
        <source>Server profiles: protocol, WebSocket URL, token transport, certificates</source>
        <translation>サーバープロファイル: プロトコル、WebSocket URL、トークンの送り方、証明書</translation>
    </message>
    <message>
        <source>This server cannot renew a sign-in by itself, so QtChat keeps your password in the system keychain and uses it to sign in again when the token runs out. Without &quot;remember me&quot;, the sign-in window comes back each time the token expires.</source>
        <translation>このサーバーはサインインを自動で更新できないため、QtChat はパスワードをシステムのキーチェーンに保存し、トークンが切れたときにそれでサインインし直します。「記憶する」を選ばないと、トークンが切れるたびにサインイン画面が表示されます。</translation>
    </message>
    <message>
        <source>Keeps you signed in across restarts; your password is stored in the system keychain.</source>
        <translation>再起動してもサインインしたままにします。パスワードはシステムのキーチェーンに保存されます。</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>QtChat</source>
        <translation>QtChat</translation>
    </message>
    <message numerus="yes">
        <source>#%1: %n new message(s)</source>
        <translation>
            <numerusform>#%1: 新着メッセージ %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 - %2</source>
        <translation>#%1 - %2</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>誰か</translation>
    </message>
</context>
</TS>
