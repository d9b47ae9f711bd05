package p;

import dev.adjoint.Differentiable;

/**
 * A loop whose body alone is longer than the JIT compiles in one method: its reverse mode runs the body
 * in parts of their own, called on each iteration, with the values the iterations pass on in the frame.
 */
public class LongLoop {

    @Differentiable
    public static double iterate(double x, double y, int steps) {
        double s = x;
        for (int i = 0; i < steps; i++) {
            double a0 = s * y + Math.sin(s);
            double a1 = Math.exp(-a0 * a0) + x * s;
            double a2 = a1 / (1 + a0 * a0);
            double a3 = Math.log1p(a2 * a2) - 0.5 * a1;
            double a4 = a3 * y + Math.sin(a2);
            double a5 = Math.exp(-a4 * a4) + x * a3;
            double a6 = a5 / (1 + a4 * a4);
            double a7 = Math.log1p(a6 * a6) - 0.5 * a5;
            double a8 = a7 * y + Math.sin(a6);
            double a9 = Math.exp(-a8 * a8) + x * a7;
            double a10 = a9 / (1 + a8 * a8);
            double a11 = Math.log1p(a10 * a10) - 0.5 * a9;
            double a12 = a11 * y + Math.sin(a10);
            double a13 = Math.exp(-a12 * a12) + x * a11;
            double a14 = a13 / (1 + a12 * a12);
            double a15 = Math.log1p(a14 * a14) - 0.5 * a13;
            double a16 = a15 * y + Math.sin(a14);
            double a17 = Math.exp(-a16 * a16) + x * a15;
            double a18 = a17 / (1 + a16 * a16);
            double a19 = Math.log1p(a18 * a18) - 0.5 * a17;
            double a20 = a19 * y + Math.sin(a18);
            double a21 = Math.exp(-a20 * a20) + x * a19;
            double a22 = a21 / (1 + a20 * a20);
            double a23 = Math.log1p(a22 * a22) - 0.5 * a21;
            double a24 = a23 * y + Math.sin(a22);
            double a25 = Math.exp(-a24 * a24) + x * a23;
            double a26 = a25 / (1 + a24 * a24);
            double a27 = Math.log1p(a26 * a26) - 0.5 * a25;
            double a28 = a27 * y + Math.sin(a26);
            double a29 = Math.exp(-a28 * a28) + x * a27;
            double a30 = a29 / (1 + a28 * a28);
            double a31 = Math.log1p(a30 * a30) - 0.5 * a29;
            double a32 = a31 * y + Math.sin(a30);
            double a33 = Math.exp(-a32 * a32) + x * a31;
            double a34 = a33 / (1 + a32 * a32);
            double a35 = Math.log1p(a34 * a34) - 0.5 * a33;
            double a36 = a35 * y + Math.sin(a34);
            double a37 = Math.exp(-a36 * a36) + x * a35;
            double a38 = a37 / (1 + a36 * a36);
            double a39 = Math.log1p(a38 * a38) - 0.5 * a37;
            double a40 = a39 * y + Math.sin(a38);
            double a41 = Math.exp(-a40 * a40) + x * a39;
            double a42 = a41 / (1 + a40 * a40);
            double a43 = Math.log1p(a42 * a42) - 0.5 * a41;
            double a44 = a43 * y + Math.sin(a42);
            double a45 = Math.exp(-a44 * a44) + x * a43;
            double a46 = a45 / (1 + a44 * a44);
            double a47 = Math.log1p(a46 * a46) - 0.5 * a45;
            double a48 = a47 * y + Math.sin(a46);
            double a49 = Math.exp(-a48 * a48) + x * a47;
            double a50 = a49 / (1 + a48 * a48);
            double a51 = Math.log1p(a50 * a50) - 0.5 * a49;
            double a52 = a51 * y + Math.sin(a50);
            double a53 = Math.exp(-a52 * a52) + x * a51;
            double a54 = a53 / (1 + a52 * a52);
            double a55 = Math.log1p(a54 * a54) - 0.5 * a53;
            double a56 = a55 * y + Math.sin(a54);
            double a57 = Math.exp(-a56 * a56) + x * a55;
            double a58 = a57 / (1 + a56 * a56);
            double a59 = Math.log1p(a58 * a58) - 0.5 * a57;
            double a60 = a59 * y + Math.sin(a58);
            double a61 = Math.exp(-a60 * a60) + x * a59;
            double a62 = a61 / (1 + a60 * a60);
            double a63 = Math.log1p(a62 * a62) - 0.5 * a61;
            double a64 = a63 * y + Math.sin(a62);
            double a65 = Math.exp(-a64 * a64) + x * a63;
            double a66 = a65 / (1 + a64 * a64);
            double a67 = Math.log1p(a66 * a66) - 0.5 * a65;
            double a68 = a67 * y + Math.sin(a66);
            double a69 = Math.exp(-a68 * a68) + x * a67;
            double a70 = a69 / (1 + a68 * a68);
            double a71 = Math.log1p(a70 * a70) - 0.5 * a69;
            double a72 = a71 * y + Math.sin(a70);
            double a73 = Math.exp(-a72 * a72) + x * a71;
            double a74 = a73 / (1 + a72 * a72);
            double a75 = Math.log1p(a74 * a74) - 0.5 * a73;
            double a76 = a75 * y + Math.sin(a74);
            double a77 = Math.exp(-a76 * a76) + x * a75;
            double a78 = a77 / (1 + a76 * a76);
            double a79 = Math.log1p(a78 * a78) - 0.5 * a77;
            double a80 = a79 * y + Math.sin(a78);
            double a81 = Math.exp(-a80 * a80) + x * a79;
            double a82 = a81 / (1 + a80 * a80);
            double a83 = Math.log1p(a82 * a82) - 0.5 * a81;
            double a84 = a83 * y + Math.sin(a82);
            double a85 = Math.exp(-a84 * a84) + x * a83;
            double a86 = a85 / (1 + a84 * a84);
            double a87 = Math.log1p(a86 * a86) - 0.5 * a85;
            double a88 = a87 * y + Math.sin(a86);
            double a89 = Math.exp(-a88 * a88) + x * a87;
            double a90 = a89 / (1 + a88 * a88);
            double a91 = Math.log1p(a90 * a90) - 0.5 * a89;
            double a92 = a91 * y + Math.sin(a90);
            double a93 = Math.exp(-a92 * a92) + x * a91;
            double a94 = a93 / (1 + a92 * a92);
            double a95 = Math.log1p(a94 * a94) - 0.5 * a93;
            double a96 = a95 * y + Math.sin(a94);
            double a97 = Math.exp(-a96 * a96) + x * a95;
            double a98 = a97 / (1 + a96 * a96);
            double a99 = Math.log1p(a98 * a98) - 0.5 * a97;
            double a100 = a99 * y + Math.sin(a98);
            double a101 = Math.exp(-a100 * a100) + x * a99;
            double a102 = a101 / (1 + a100 * a100);
            double a103 = Math.log1p(a102 * a102) - 0.5 * a101;
            double a104 = a103 * y + Math.sin(a102);
            double a105 = Math.exp(-a104 * a104) + x * a103;
            double a106 = a105 / (1 + a104 * a104);
            double a107 = Math.log1p(a106 * a106) - 0.5 * a105;
            double a108 = a107 * y + Math.sin(a106);
            double a109 = Math.exp(-a108 * a108) + x * a107;
            s = 0.5 * s + 0.1 * Math.tanh(a109);
        }
        return s * y;
    }
}
